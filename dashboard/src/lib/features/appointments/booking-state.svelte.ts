/** The "new appointment" form; validates with the API's own schema before sending. */
import { appointmentCreateSchema } from '$shared/schemas/appointment';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { Appointment, AppointmentBooking, Patient } from '../../api/types';
import { clockTime, clinicToday, zonedToUtc } from '../../format/clinic-time';
import { ApiError } from '../../api/api-error';
import { FieldErrors } from '../../forms/field-errors.svelte';

export type PickedPatient = Pick<Patient, 'patientId' | 'name' | 'phone'>;

export type BookingDraft = {
  patient: PickedPatient | null;
  dentistId: string;
  chair: string;
  date: string;
  time: string;
  durationMinutes: number;
  procedureIds: string[];
  notes: string;
};

export class BookingState {
  readonly #api: SmileloopApi;
  readonly clinicId: string;
  readonly timeZone: string;

  draft = $state<BookingDraft>({ patient: null, dentistId: '', chair: '', date: '', time: '09:00', durationMinutes: 30, procedureIds: [], notes: '' });
  errors = new FieldErrors();
  saving = $state(false);
  failure = $state<unknown>(null);
  /** the last clash: the appointment in the way and nearby free starts (ISO) */
  clash = $state<{ blocking?: { startAt: string; endAt: string; patientName: string; chair: string }; suggestions: string[] } | null>(null);

  constructor(api: SmileloopApi, clinicId: string, timeZone: string, initial: Partial<BookingDraft>) {
    this.#api = api;
    this.clinicId = clinicId;
    this.timeZone = timeZone;
    this.draft = { ...this.draft, ...initial };
  }

  input(): AppointmentBooking {
    const d = this.draft;
    return {
      patientId: d.patient?.patientId ?? '',
      clinicId: this.clinicId,
      dentistId: d.dentistId.trim(),
      chair: d.chair.trim(),
      startAt: d.date && d.time ? zonedToUtc(d.date, d.time, this.timeZone) : '',
      durationMinutes: d.durationMinutes,
      procedureIds: d.procedureIds,
      notes: d.notes.trim(),
    };
  }

  /** Takes a suggested start: its day and time in the clinic's zone. */
  useSuggestion(startAt: string): void {
    this.draft = { ...this.draft, date: clinicToday(this.timeZone, new Date(startAt)), time: clockTime(startAt, this.timeZone) };
    this.clash = null;
    this.errors.clear();
  }

  async submit(): Promise<Appointment | null> {
    this.failure = null;
    const input = this.input();
    const parsed = appointmentCreateSchema.safeParse(input);
    if (!parsed.success) {
      this.errors.setIssues(parsed.error.issues);
      return null;
    }
    this.errors.clear();
    this.saving = true;
    try {
      return await this.#api.bookAppointment(input);
    } catch (error) {
      const taken = error instanceof ApiError && error.status === 409 ? error.fields.find((f) => f.code === 'slot.taken') : undefined;
      this.clash = taken ? { ...(taken.blocking ? { blocking: taken.blocking } : {}), suggestions: taken.suggestions ?? [] } : null;
      if (!this.errors.setFromApi(error)) this.failure = error;
      return null;
    } finally {
      this.saving = false;
    }
  }
}

import type { SmileloopApi } from '../../api/smileloop-api';
import type { Appointment } from '../../api/types';

/** A clinic's appointments for one day or a week; a newer request wins over an older answer. */
export class ScheduleState {
  readonly #api: SmileloopApi;
  #generation = 0;

  items = $state<Appointment[]>([]);
  loading = $state(false);
  loaded = $state(false);
  error = $state<unknown>(null);
  /** what the items are for */
  key = $state('');

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  async load(clinicId: string, date: string, days: number): Promise<void> {
    const generation = ++this.#generation;
    const key = `${clinicId}/${date}/${days}`;
    if (key !== this.key) this.items = [];
    this.loading = true;
    this.error = null;
    try {
      const { items } = await this.#api.listAppointments(clinicId, date, days);
      if (generation !== this.#generation) return;
      this.items = items;
      this.key = key;
      this.loaded = true;
    } catch (error) {
      if (generation === this.#generation) this.error = error;
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** An action answered with the appointment as it is now. */
  upsert(appointment: Appointment): void {
    const index = this.items.findIndex((a) => a.appointmentId === appointment.appointmentId);
    this.items = index === -1 ? [...this.items, appointment] : this.items.map((a, i) => (i === index ? appointment : a));
  }

  find(appointmentId: string): Appointment | undefined {
    return this.items.find((a) => a.appointmentId === appointmentId);
  }
}

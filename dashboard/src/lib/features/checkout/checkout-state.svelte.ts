/**
 * The checkout form: lines from the clinic's price list, discounts and payments typed in yuan,
 * validated with the API's own `checkoutSchema`, sent as fen with an idempotency key made when
 * the page opened (a double click or a retry records one visit). The total 结账 takes is the
 * server's (checkout-pricing): the browser's own sum is only shown until that answer arrives.
 */
import { checkoutSchema } from '$shared/schemas/visit';
import type { SmileloopApi } from '../../api/smileloop-api';
import type { PaymentMethod, Visit } from '../../api/types';
import { addDays } from '../../format/clinic-time';
import { fenToYuanText, typedYuanToFen, validFen } from '../../format/money';
import { FieldErrors } from '../../forms/field-errors.svelte';
import type { ProcedureCatalog } from '../catalog/procedure-catalog.svelte';
import { CheckoutPricing, type PricingStatus } from './checkout-pricing.svelte';

/** A typed figure's problem, in the user's language: its message key and the amount it names. */
export type TypedProblem = { key: 'co.amountNegative' | 'co.amountUnreadable' | 'co.discountOverAmount'; fen?: number };

export type LineDraft = { key: number; procedureId: string; quantity: number; teeth: string; discount: string };
export type PartDraft = { key: number; dueDate: string; amount: string };
export type PaymentDraft = { key: number; method: PaymentMethod; amount: string; reference: string; schedule: PartDraft[]; auto: boolean };

export type CheckoutContext = { patientId: string; clinicId: string; appointmentId?: string; dentistId?: string; procedureIds?: string[]; today: string };

/** Not a number at all: NaN, so the schema answers "must be an amount" at that field. */
const fenOrNaN = (text: string): number => typedYuanToFen(text) ?? Number.NaN;

const newKey = (() => {
  let n = 0;
  return () => ++n;
})();

const randomKey = (): string =>
  typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export const splitTeeth = (text: string): string[] => text.split(/[,，、;；\s]+/).map((t) => t.trim()).filter((t) => t !== '');

export class CheckoutState {
  readonly #api: SmileloopApi;
  readonly #catalog: ProcedureCatalog;
  readonly context: CheckoutContext;
  readonly idempotencyKey = randomKey();

  lines = $state<LineDraft[]>([]);
  discount = $state('');
  payments = $state<PaymentDraft[]>([]);
  notes = $state('');
  coupon = $state('');
  dentistId = $state('');
  errors = new FieldErrors();
  saving = $state(false);
  failure = $state<unknown>(null);
  readonly pricing: CheckoutPricing;

  constructor(api: SmileloopApi, catalog: ProcedureCatalog, context: CheckoutContext) {
    this.#api = api;
    this.pricing = new CheckoutPricing(api, context.patientId);
    this.#catalog = catalog;
    this.context = context;
    this.dentistId = context.dentistId ?? '';
    const planned = context.procedureIds ?? [];
    this.lines = planned.length > 0 ? planned.map((id) => this.#line(id)) : [this.#line('')];
  }

  #line(procedureId: string): LineDraft {
    return { key: newKey(), procedureId, quantity: 1, teeth: '', discount: '' };
  }

  addLine(): void {
    this.lines = [...this.lines, this.#line('')];
  }

  removeLine(key: number): void {
    this.lines = this.lines.filter((l) => l.key !== key);
    this.errors.clear('lines');
  }

  unitPrice(line: LineDraft): number {
    return this.#catalog.byId(line.procedureId)?.clinicPriceFen ?? 0;
  }

  lineGross(line: LineDraft): number {
    return this.unitPrice(line) * (Number.isInteger(line.quantity) && line.quantity > 0 ? line.quantity : 0);
  }

  lineAmount(line: LineDraft): number {
    return Math.max(0, this.lineGross(line) - (validFen(line.discount) ?? 0));
  }

  get grossFen(): number {
    return this.lines.reduce((sum, l) => sum + this.lineGross(l), 0);
  }

  get subtotalFen(): number {
    return this.lines.reduce((sum, l) => sum + this.lineAmount(l), 0);
  }

  get lineDiscountsFen(): number {
    return this.grossFen - this.subtotalFen;
  }

  /** The browser's sum at list prices, shown until the server's price arrives. */
  get estimateFen(): number {
    return Math.max(0, this.subtotalFen - (validFen(this.discount) ?? 0));
  }

  /** What decides the price on the server: lines, visit discount, coupon (not payments or the dentist). */
  previewDraft(): Record<string, unknown> {
    const { clinicId, lines, discountFen } = this.input();
    return { clinicId, lines, discountFen, ...(this.coupon.trim() !== '' ? { couponCode: this.coupon.trim() } : {}) };
  }

  /** derived once per change: every total on the page reads it */
  readonly pricingKey = $derived.by(() => this.pricing.keyOf(this.previewDraft()));

  get pricingStatus(): PricingStatus {
    return this.pricing.status(this.pricingKey);
  }

  /** The server's preview, when it priced exactly the draft on screen. */
  get priced() {
    return this.pricingStatus === 'fresh' ? this.pricing.preview : null;
  }

  get totalFen(): number {
    return this.priced?.totalFen ?? this.estimateFen;
  }

  get storedValuePaidFen(): number {
    return this.payments.filter((p) => p.method === 'stored-value').reduce((sum, p) => sum + (validFen(p.amount) ?? 0), 0);
  }

  /** Stored value asked for beyond the balance last read: refused here before the server's 409. */
  get overBalance(): boolean {
    const balance = this.pricing.balance;
    return balance !== undefined && this.storedValuePaidFen > balance.totalFen;
  }

  get paidFen(): number {
    return this.payments.reduce((sum, p) => sum + (validFen(p.amount) ?? 0), 0);
  }

  get remainingFen(): number {
    return this.totalFen - this.paidFen;
  }

  /**
   * What is wrong with the figures typed, by field, before anything is sent: a discount larger
   * than what it discounts, a negative or unreadable amount. Said next to the field, and the
   * button stays off while any holds (the server would refuse them too).
   */
  get typedProblems(): ReadonlyMap<string, TypedProblem> {
    const problems = new Map<string, TypedProblem>();
    const amount = (path: string, text: string): boolean => {
      if (text.trim() === '' || validFen(text) !== null) return true;
      problems.set(path, { key: text.trim().startsWith('-') ? 'co.amountNegative' : 'co.amountUnreadable' });
      return false;
    };
    this.lines.forEach((line, i) => {
      const path = `lines.${i}.discountFen`;
      if (amount(path, line.discount) && (validFen(line.discount) ?? 0) > this.lineGross(line) && line.procedureId !== '') problems.set(path, { key: 'co.discountOverAmount', fen: this.lineGross(line) });
    });
    if (amount('discountFen', this.discount) && (validFen(this.discount) ?? 0) > this.subtotalFen) problems.set('discountFen', { key: 'co.discountOverAmount', fen: this.subtotalFen });
    this.payments.forEach((p, i) => amount(`payments.${i}.amountFen`, p.amount));
    return problems;
  }

  /** "结账" is offered only when what is paid is exactly what is due. */
  get balanced(): boolean {
    return (
      this.typedProblems.size === 0 &&
      this.lines.length > 0 &&
      this.lines.every((l) => l.procedureId !== '') &&
      this.payments.every((p) => validFen(p.amount) !== null && p.amount.trim() !== '') &&
      this.payments.every((p) => p.method !== 'installment' || this.scheduledFen(p) === validFen(p.amount)) &&
      this.remainingFen === 0 &&
      !this.overBalance &&
      // against the server's total; an unfinished draft (nothing to price) may still be tried, the schema then says what is wrong
      (this.pricingStatus === 'fresh' || this.pricingStatus === 'none')
    );
  }

  /** An installment whose parts do not add up to its amount. */
  get scheduleMismatch(): boolean {
    return this.payments.some((p) => p.method === 'installment' && this.scheduledFen(p) !== validFen(p.amount));
  }

  scheduledFen(payment: PaymentDraft): number {
    return payment.schedule.reduce((sum, part) => sum + (validFen(part.amount) ?? 0), 0);
  }

  addPayment(method: PaymentMethod): void {
    const due = Math.max(0, this.remainingFen);
    const balance = this.pricing.balance;
    const amount = method === 'stored-value' && balance ? Math.min(due, balance.totalFen) : due;
    const payment: PaymentDraft = {
      key: newKey(),
      method,
      amount: fenToYuanText(amount),
      reference: '',
      schedule: method === 'installment' ? [{ key: newKey(), dueDate: addDays(this.context.today, 30), amount: fenToYuanText(amount) }] : [],
      auto: this.payments.length === 0,
    };
    this.payments = [...this.payments.map((p) => ({ ...p, auto: false })), payment];
    this.errors.clear('payments');
  }

  removePayment(key: number): void {
    this.payments = this.payments.filter((p) => p.key !== key);
    this.errors.clear('payments');
  }

  fillRemaining(payment: PaymentDraft): void {
    const own = validFen(payment.amount) ?? 0;
    payment.amount = fenToYuanText(Math.max(0, own + this.remainingFen));
    payment.auto = false;
    this.amountTyped(payment);
  }

  /** An installment with one part: the part is the whole amount until the schedule is split. */
  amountTyped(payment: PaymentDraft): void {
    const [part] = payment.schedule;
    if (payment.method === 'installment' && payment.schedule.length === 1 && part) part.amount = payment.amount;
  }

  /** A lone payment the person has not typed into follows the total as lines change. */
  followTotal(total: number): void {
    const [only] = this.payments;
    if (this.payments.length !== 1 || !only?.auto) return;
    only.amount = fenToYuanText(total);
    this.amountTyped(only);
  }

  addPart(payment: PaymentDraft): void {
    const last = payment.schedule.at(-1);
    const left = Math.max(0, (validFen(payment.amount) ?? 0) - this.scheduledFen(payment));
    payment.schedule.push({ key: newKey(), dueDate: addDays(last?.dueDate ?? this.context.today, 30), amount: fenToYuanText(left) });
  }

  removePart(payment: PaymentDraft, key: number): void {
    payment.schedule = payment.schedule.filter((p) => p.key !== key);
  }

  input() {
    return {
      clinicId: this.context.clinicId,
      dentistId: this.dentistId.trim(),
      ...(this.context.appointmentId ? { appointmentId: this.context.appointmentId } : {}),
      lines: this.lines.map((l) => ({ procedureId: l.procedureId, quantity: l.quantity, teeth: splitTeeth(l.teeth), discountFen: fenOrNaN(l.discount) })),
      discountFen: fenOrNaN(this.discount),
      ...(this.coupon.trim() !== '' ? { couponCode: this.coupon.trim() } : {}),
      payments: this.payments.map((p) => ({
        method: p.method,
        amountFen: fenOrNaN(p.amount),
        ...(p.reference.trim() !== '' ? { reference: p.reference.trim() } : {}),
        ...(p.method === 'installment' ? { schedule: p.schedule.map((s) => ({ dueDate: s.dueDate, amountFen: fenOrNaN(s.amount) })) } : {}),
      })),
      notes: this.notes.trim(),
      idempotencyKey: this.idempotencyKey,
    };
  }

  async submit(): Promise<Visit | null> {
    if (this.saving) return null;
    this.failure = null;
    const parsed = checkoutSchema.safeParse(this.input());
    if (!parsed.success) {
      this.errors.setIssues(parsed.error.issues);
      return null;
    }
    this.errors.clear();
    this.saving = true;
    try {
      return await this.#api.checkout(this.context.patientId, parsed.data);
    } catch (error) {
      if (!this.errors.setFromApi(error)) this.failure = error;
      // a card used meanwhile, a coupon gone, a balance spent: show the price as it is now
      void this.pricing.refresh(this.previewDraft());
      return null;
    } finally {
      this.saving = false;
    }
  }
}

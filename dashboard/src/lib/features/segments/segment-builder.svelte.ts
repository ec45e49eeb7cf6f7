/**
 * The Segments page's builder state: rows of conditions in an AND/OR group, with one level of
 * sub-groups, turned into the shared condition schema; a debounced live preview (count, per
 * clinic, sample). The API's field errors come back with paths into what was sent
 * (`conditions.conditions.2.range.max`); `#paths` maps them back to the row that made them.
 */
import type { SmileloopApi } from '../../api/smileloop-api';
import { ApiError, type ApiFieldError } from '../../api/api-error';
import type { Condition, ConditionField, ConditionGroup } from '$shared/domain/segments/conditions';
import type { SegmentPreview } from '$shared/schemas/segments';
import { conditionCatalog } from './condition-catalog';
import { newDraft, toCondition, type ConditionDraft } from './condition-draft';

export type GroupDraft = { id: string; op: 'and' | 'or'; items: (ConditionDraft | GroupDraft)[] };
export const isGroupDraft = (item: ConditionDraft | GroupDraft): item is GroupDraft => 'op' in item;

let groups = 0;
const newGroup = (op: 'and' | 'or'): GroupDraft => ({ id: `g${++groups}`, op, items: [] });

export class SegmentBuilder {
  root = $state<GroupDraft>(newGroup('and'));
  preview = $state<SegmentPreview | null>(null);
  counting = $state(false);
  /** field errors of the last count or save, by row or group id */
  rowErrors = $state<Record<string, ApiFieldError[]>>({});
  /** an error no row owns (network, permission, the name) */
  error = $state<unknown>(null);
  readonly #api: SmileloopApi;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #asked = 0;
  #paths = new Map<string, string>();

  constructor(api: SmileloopApi) {
    this.#api = api;
  }

  add(field: ConditionField, into: GroupDraft = this.root): ConditionDraft {
    const draft = newDraft(field);
    into.items.push(draft);
    this.schedule();
    return draft;
  }

  addGroup(): GroupDraft {
    const group = newGroup(this.root.op === 'and' ? 'or' : 'and');
    this.root.items.push(group);
    return group;
  }

  remove(id: string, from: GroupDraft = this.root): void {
    from.items = from.items.filter((item) => item.id !== id);
    for (const item of from.items) if (isGroupDraft(item)) this.remove(id, item);
    this.schedule();
  }

  /** The group as the API takes it; blank rows and empty sub-groups are left out. */
  conditions(): ConditionGroup {
    this.#paths = new Map();
    return this.#build(this.root, 'conditions');
  }

  #build(group: GroupDraft, path: string): ConditionGroup {
    const conditions: (Condition | ConditionGroup)[] = [];
    for (const item of group.items) {
      const at = `${path}.conditions.${conditions.length}`;
      if (isGroupDraft(item)) {
        const inner = this.#build(item, at);
        if (inner.conditions.length === 0) continue;
        this.#paths.set(at, item.id);
        conditions.push(inner);
        continue;
      }
      const condition = toCondition(item, conditionCatalog[item.field]);
      if (!condition) continue;
      this.#paths.set(at, item.id);
      conditions.push(condition);
    }
    return { op: group.op, conditions };
  }

  /** Field errors placed at the deepest row or group whose path they fall under. */
  placeErrors(error: unknown): boolean {
    if (!(error instanceof ApiError) || error.fields.length === 0) return false;
    const placed: Record<string, ApiFieldError[]> = {};
    let all = true;
    for (const field of error.fields) {
      const owner = [...this.#paths].filter(([p]) => field.path === p || field.path.startsWith(`${p}.`)).sort((a, b) => b[0].length - a[0].length)[0];
      if (owner) (placed[owner[1]] ??= []).push(field);
      else all = false;
    }
    this.rowErrors = placed;
    return all;
  }

  /** Counts again 400 ms after the last change; an older answer never overwrites a newer one. */
  schedule(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.count(), 400);
  }

  async count(): Promise<void> {
    const asked = ++this.#asked;
    this.counting = true;
    try {
      const preview = await this.#api.previewSegment({ conditions: this.conditions() });
      if (asked !== this.#asked) return;
      this.preview = preview;
      this.rowErrors = {};
      this.error = null;
    } catch (error) {
      if (asked !== this.#asked) return;
      this.preview = null;
      this.error = this.placeErrors(error) ? null : error;
    } finally {
      if (asked === this.#asked) this.counting = false;
    }
  }
}

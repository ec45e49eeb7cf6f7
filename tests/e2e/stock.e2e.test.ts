/**
 * The Consumables page in a real browser (issue 13): the front desk records a delivery and sees
 * the level change, is told at the field that a countable item takes whole numbers and that an
 * issue cannot exceed what is on hand, and sees the item about to run out in the alert banner,
 * the purchase list and the month's loss (a count found a tenth missing). The owner adds an item,
 * changes another's reorder level and adds a bill-of-materials line; a manager has the same set-up. Marketing and dentists have no Consumables entry and the route
 * shows nothing. Every view at 1440 and 390 px in Chinese and English: no sideways scroll, no
 * serious or critical axe finding. Needs dashboard/dist.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Clinic } from '../../shared/schemas/org.js';
import type { Procedure } from '../../shared/schemas/catalog.js';
import type { ClinicStock, StockBom, StockItem } from '../../shared/schemas/stock.js';
import { apiRequest, demoToken, openDashboard, signIn, type DashboardSession } from './support/dashboard-session.js';
import { checkScreen } from './support/screen-check.js';

let session: DashboardSession;
let gloves: StockItem;
let anaesthetic: StockItem;
let masks: StockItem;
let jinganId: string;

const token = (role: string) => demoToken(session.twin, `${role}@demo.local`);
const asOwner = async <T>(method: string, path: string, body?: unknown): Promise<T> => apiRequest<T>(session.twin, await token('owner'), method, path, body);

const openPage = async (email: string, hash: string): Promise<Page> => {
  const page = await session.context.newPage();
  await signIn(page, session.twin, email);
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(`${session.twin.url}/#/${hash}`);
  return page;
};
const row = (page: Page, item: StockItem) => page.locator(`[data-testid="stock-row"][data-item-id="${item.itemId}"]`);

/** Three items at the desk's clinic: gloves with 20 pairs, the anaesthetic nearly gone, masks a tenth short at the last count. */
const seedStock = async (): Promise<void> => {
  const clinics = (await apiRequest<{ items: Clinic[] }>(session.twin, await token('frontdesk'), 'GET', '/clinics')).items;
  const clinicId = clinics[0]?.clinicId ?? '';
  jinganId = clinicId;
  gloves = await asOwner<StockItem>('POST', '/stock/items', { name: 'E2E 检查手套', unit: 'pair', unitCostFen: 50 });
  anaesthetic = await asOwner<StockItem>('POST', '/stock/items', { name: 'E2E 阿替卡因', unit: 'tube', reorderLevel: 5, reorderQuantity: 20, unitCostFen: 1_200 });
  masks = await asOwner<StockItem>('POST', '/stock/items', { name: 'E2E 口罩', unit: 'piece', unitCostFen: 40 });
  const move = (item: StockItem, kind: string, quantity: number) => asOwner('POST', `/stock/clinics/${clinicId}/movements`, { itemId: item.itemId, kind, quantity });
  await move(gloves, 'delivery', 20);
  await move(anaesthetic, 'delivery', 10);
  // nine used today: one left is a tenth of a day's use
  await move(anaesthetic, 'out', 9);
  await move(masks, 'delivery', 100);
  await move(masks, 'count', 90);
};

describe('dashboard: consumables', () => {
  beforeAll(async () => {
    session = await openDashboard();
    await seedStock();
  }, 180_000);

  afterAll(async () => {
    await session?.close();
  }, 60_000);

  it('the desk records a delivery, is told about fractions and shortfalls at the field, and sees the low item, the purchase list and the loss', async () => {
    const page = await openPage('frontdesk@demo.local', 'stock');
    const ready = () => row(page, gloves).waitFor();
    await ready();
    expect(await checkScreen(page, 'main', 'stock desk', ready)).toEqual([]);
    await ready();

    // the anaesthetic: in the banner, badged in the table, on the purchase list
    const banner = page.getByTestId('stock-alert-banner');
    expect(await banner.locator(`[data-testid="stock-alert-item"][data-item-id="${anaesthetic.itemId}"]`).textContent()).toContain('E2E 阿替卡因');
    expect(await banner.locator('[data-testid="stock-alert-item"]').count()).toBe(1);
    expect(await row(page, anaesthetic).getByTestId('stock-low').count()).toBe(1);
    expect(await row(page, gloves).getByTestId('stock-low').count()).toBe(0);
    expect(await page.locator(`[data-testid="purchase-line"][data-item-id="${anaesthetic.itemId}"]`).count()).toBe(1);
    // masks: counted 90 of 100 booked, a 10% loss, flagged
    const lossRow = page.locator(`[data-testid="loss-row"][data-item-id="${masks.itemId}"]`);
    expect(await lossRow.getAttribute('data-flagged')).toBe('true');
    expect(await lossRow.textContent()).toContain('10.0%');

    // a delivery of 30 pairs of gloves
    expect(await row(page, gloves).getByTestId('stock-on-hand').textContent()).toBe('20');
    await page.getByTestId('movement-item').selectOption(gloves.itemId);
    await page.getByTestId('movement-kind-delivery').click();
    await page.getByTestId('movement-quantity').fill('1.5');
    await page.getByTestId('movement-submit').click();
    await page.getByTestId('field-error-quantity').waitFor();
    expect(await page.getByTestId('field-error-quantity').textContent()).toBe('按件计数的耗材只能填整数');
    expect(await row(page, gloves).getByTestId('stock-on-hand').textContent()).toBe('20');
    await page.getByTestId('movement-quantity').fill('30');
    await page.getByTestId('movement-submit').click();
    await page.getByTestId('movement-recorded').waitFor();
    await expect.poll(() => row(page, gloves).getByTestId('stock-on-hand').textContent()).toBe('50');
    // the list reads again after the levels: the newest movement comes first
    await expect.poll(() => page.getByTestId('movement-row').first().textContent()).toContain('E2E 检查手套');
    expect(await page.getByTestId('movement-row').first().getByTestId('movement-delta').textContent()).toBe('+30 副');

    // more anaesthetic out than the one tube left: the server's 409 at the field
    await page.getByTestId('movement-item').selectOption(anaesthetic.itemId);
    await page.getByTestId('movement-kind-out').click();
    await page.getByTestId('movement-quantity').fill('5');
    await page.getByTestId('movement-submit').click();
    await page.getByTestId('field-error-quantity').waitFor();
    expect(await page.getByTestId('field-error-quantity').textContent()).toBe('超过现有库存 1');
    expect(await row(page, anaesthetic).getByTestId('stock-on-hand').textContent()).toBe('1');

    // a delivery of the anaesthetic takes it off the banner
    await page.getByTestId('movement-kind-delivery').click();
    await page.getByTestId('movement-quantity').fill('40');
    await page.getByTestId('movement-submit').click();
    await page.getByTestId('movement-recorded').waitFor();
    await expect.poll(() => row(page, anaesthetic).getByTestId('stock-on-hand').textContent()).toBe('41');
    expect(await page.getByTestId('stock-alert-item').count()).toBe(0);
    // in English the same refusal reads in English
    await page.evaluate(() => localStorage.setItem('smileloop.locale', 'en'));
    await page.reload();
    await row(page, gloves).waitFor();
    await page.getByTestId('movement-item').selectOption(gloves.itemId);
    await page.getByTestId('movement-quantity').fill('2.5');
    await page.getByTestId('movement-submit').click();
    await page.getByTestId('field-error-quantity').waitFor();
    expect(await page.getByTestId('field-error-quantity').textContent()).toBe('Must be a whole number for an item counted in pieces');
    await page.evaluate(() => localStorage.setItem('smileloop.locale', 'zh-CN'));
    // the desk defines nothing
    expect(await page.getByTestId('item-form').count()).toBe(0);
    expect(await page.getByTestId('bom-procedure').count()).toBe(0);
    await page.close();
  });

  it('the owner adds an item, edits another’s reorder level and puts an item on a procedure’s bill of materials', async () => {
    const page = await openPage('owner@demo.local', 'stock');
    const ready = async () => {
      await row(page, gloves).waitFor();
      await page.getByTestId('bom-procedure').locator('option').nth(1).waitFor({ state: 'attached' });
    };
    await ready();
    const cleaning = (await asOwner<{ items: Procedure[] }>('GET', '/procedures')).items.find((p) => p.code === 'cleaning');
    if (!cleaning) throw new Error('no cleaning procedure');
    const withBomOpen = async () => {
      await ready();
      await page.getByTestId('bom-procedure').selectOption(cleaning.procedureId);
      await page.getByTestId('bom-form').waitFor();
    };
    expect(await checkScreen(page, 'main', 'stock owner', withBomOpen)).toEqual([]);
    await ready();

    // a measured unit's cost that is not money is refused at its field
    await page.getByTestId('item-name').fill('E2E 棉卷');
    await page.getByTestId('item-unit').selectOption('roll');
    await page.getByTestId('item-cost').fill('abc');
    await page.getByTestId('item-submit').click();
    await page.getByTestId('field-error-unitCostFen').waitFor();
    await page.getByTestId('item-cost').fill('2.5');
    await page.getByTestId('item-reorder-level').fill('10');
    await page.getByTestId('item-submit').click();
    await page.getByTestId('item-saved').waitFor();
    const items = (await asOwner<{ items: StockItem[] }>('GET', '/stock/items')).items;
    const rolls = items.find((i) => i.name === 'E2E 棉卷');
    expect(rolls).toMatchObject({ unit: 'roll', unitCostFen: 250, reorderLevel: 10, countable: true });
    if (!rolls) return;
    await row(page, rolls).waitFor();
    expect(await page.locator(`[data-testid="item-row"][data-item-id="${rolls.itemId}"]`).count()).toBe(1);

    // an edit sends only the reorder level; the row says it is at the level now
    await page.locator(`[data-testid="item-row"][data-item-id="${gloves.itemId}"]`).getByTestId('item-edit').click();
    expect(await page.getByTestId('item-unit').isDisabled()).toBe(true);
    await page.getByTestId('item-reorder-level').fill('1000');
    await page.getByTestId('item-submit').click();
    await page.getByTestId('item-saved').waitFor();
    const edited = (await asOwner<{ items: StockItem[] }>('GET', '/stock/items')).items.find((i) => i.itemId === gloves.itemId);
    expect(edited).toMatchObject({ name: gloves.name, reorderLevel: 1000, unitCostFen: 50, version: gloves.version + 1 });
    await row(page, gloves).getByTestId('stock-at-reorder').waitFor();

    await page.getByTestId('bom-procedure').selectOption(cleaning.procedureId);
    await page.getByTestId('bom-add-line').click();
    const line = page.getByTestId('bom-line').last();
    await line.getByTestId('bom-line-item').selectOption(rolls.itemId);
    await line.getByTestId('bom-line-qty').fill('2');
    await page.getByTestId('bom-save').click();
    await page.getByTestId('bom-saved').waitFor();
    const bom = (await asOwner<{ items: StockBom[] }>('GET', '/stock/boms')).items.find((b) => b.procedureId === cleaning.procedureId);
    expect(bom?.lines).toContainEqual({ itemId: rolls.itemId, quantity: 2 });
    expect(bom?.version).toBe(1);

    // the header's clinic picker: 天河店 has had no gloves delivered
    const atJingan = (await asOwner<ClinicStock>('GET', `/stock/clinics/${jinganId}`)).levels.find((l) => l.item.itemId === gloves.itemId)?.quantity ?? 0;
    expect(atJingan).toBeGreaterThan(0);
    await page.getByTestId('clinic-switcher').selectOption({ label: '静安店' });
    await expect.poll(() => row(page, gloves).getByTestId('stock-on-hand').textContent()).toBe(String(atJingan));
    await page.getByTestId('clinic-switcher').selectOption({ label: '天河店' });
    await expect.poll(() => page.getByTestId('stock-page').locator('p.muted').first().textContent()).toContain('天河店');
    await expect.poll(() => row(page, gloves).getByTestId('stock-on-hand').textContent()).toBe('0');
    expect(await page.getByTestId('stock-alert-item').count()).toBe(0);
    await page.close();
  });

  it('marketing and dentists have no Consumables entry and the route shows no stock; the desk has the entry, a manager the set-up', async () => {
    for (const role of ['marketing', 'dentist']) {
      const page = await openPage(`${role}@demo.local`, 'stock');
      const ready = () => page.getByTestId('no-permission').waitFor();
      await ready();
      expect(await checkScreen(page, 'main', `stock ${role}`, ready)).toEqual([]);
      await ready();
      expect(await page.getByTestId('nav-stock').count(), role).toBe(0);
      expect(await page.getByTestId('stock-page').count(), role).toBe(0);
      expect(await page.getByTestId('stock-row').count(), role).toBe(0);
      await page.close();
    }
    const desk = await openPage('frontdesk@demo.local', 'patients');
    await desk.getByTestId('nav-stock').waitFor();
    await desk.close();
    // a manager keeps items and bills of materials too
    const manager = await openPage('manager@demo.local', 'stock');
    await row(manager, gloves).waitFor();
    expect(await manager.getByTestId('item-form').count()).toBe(1);
    // the bill-of-materials editor shows once the procedures are read
    await manager.getByTestId('bom-procedure').waitFor();
    await manager.close();
  });
});

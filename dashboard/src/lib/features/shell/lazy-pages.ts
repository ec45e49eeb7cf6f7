/**
 * Pages outside the first load: each is its own chunk (with zod and the shared schemas where a
 * page validates input), fetched the first time someone opens it.
 */
export const loadAppointmentsPage = () => import('../appointments/appointments-page.svelte');
export const loadCheckoutPage = () => import('../checkout/checkout-page.svelte');
export const loadTasksPage = () => import('../tasks/tasks-page.svelte');
export const loadImportPage = () => import('../imports/import-page.svelte');
export const loadAutomationsPage = () => import('../automations/automations-page.svelte');
export const loadMessagesPage = () => import('../messages/messages-page.svelte');
/** The overview with its charts (uPlot is imported by the trend chart inside this chunk). */
export const loadOverviewPage = () => import('../overview/overview-page.svelte');
/** The owner's membership plan editor. */
export const loadPlansPage = () => import('../members/plan-editor-page.svelte');
/** The owner's Members page (numbers, liability, who to call). */
export const loadMembersOverviewPage = () => import('../members-overview/members-overview-page.svelte');
/** Coupon definitions and points rules (owner and manager). */
export const loadOffersPage = () => import('../members/offers-page.svelte');
/** Segments: builder with a live count, and the saved list. */
export const loadSegmentsPage = () => import('../segments/segments-page.svelte');
/** Campaigns: the list, the builder (a short wizard), and one campaign's progress and results. */
export const loadCampaignsPage = () => import('../campaigns/campaigns-page.svelte');
export const loadCampaignBuilderPage = () => import('../campaigns/campaign-builder-page.svelte');
export const loadCampaignDetailPage = () => import('../campaigns/campaign-detail-page.svelte');
/** Member events (会员活动): list, plan, sign-ups, attendance. */
export const loadEventsPage = () => import('../events/events-page.svelte');
/** Overdue installment parts (issue 13): the desk marks them paid. */
export const loadInstallmentsPage = () => import('../patients/clinical/installments-page.svelte');
/** Complaints and satisfaction surveys (NPS), and the leads from the intake questionnaire. */
export const loadFeedbackPage = () => import('../engagement/feedback-page.svelte');
export const loadLeadsPage = () => import('../engagement/leads-page.svelte');
/** The owner's catalog (prices, clinic prices, care pathways, recall rules) and clinics. */
export const loadCatalogPage = () => import('../catalog/catalog-page.svelte');
export const loadClinicsPage = () => import('../clinics/clinics-page.svelte');
/** Staff: invite, role and clinics, disable and enable (owner; a manager for their own people). */
export const loadStaffPage = () => import('../staff/staff-page.svelte');
/** Consumables (耗材): the clinic's stock, deliveries, issues and counts, loss rate, purchase list; items and bills of materials. */
export const loadStockPage = () => import('../stock/stock-page.svelte');
/** Targets with their progress, figures per staff member and staffing by hour (owner and manager). */
export const loadPlanPage = () => import('../plan/plan-page.svelte');

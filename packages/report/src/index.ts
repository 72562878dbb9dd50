export { renderDailyReport } from './render-daily-report.js';
export type { DailyReportOptions } from './render-daily-report.js';
export type { ContactLine } from './svg-map.js';
export type { ReportParty } from './party-style.js';
export { escapeHtml } from './html.js';
export { withdrawalLinesOf } from './withdrawal-lines.js';
export type { WithdrawalLine } from './withdrawal-lines.js';

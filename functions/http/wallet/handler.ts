/** Stored value (储值): a patient's balances and ledger, and the changes the front desk and owner make. */
import {
  walletDebitSchema, walletQuerySchema, walletRefundSchema, walletRulesInputSchema, walletTopUpSchema, walletTransferSchema, walletVoidSchema,
} from '../../../shared/schemas/wallet.js';
import { debit, refund, setWalletRules, topUp, transfer, voidDebit, walletOf, walletRules } from '../../services/wallet-service.js';
import { jsonBody, pathParam, queryParams } from '../lib/request.js';
import { createAreaHandler, created, ok, type OperationResult } from '../lib/router.js';
import { couponOperations } from './coupons.js';
import { pointsRulesInputSchema } from '../../../shared/schemas/points.js';
import { pointsOf, pointsRules, setPointsRules } from '../../services/points-service.js';

/** 201 for a new entry, 200 when an idempotency key found the one already written. */
const changed = (result: { replayed: boolean }): OperationResult => (result.replayed ? ok(result) : created(result));

export const handler = createAreaHandler('wallet', {
  'GET /patients/{patientId}/wallet': async (event, caller) => ok(await walletOf(caller, pathParam(event, 'patientId'), queryParams(event, walletQuerySchema))),

  'POST /patients/{patientId}/wallet/top-ups': async (event, caller) => changed(await topUp(caller, pathParam(event, 'patientId'), jsonBody(event, walletTopUpSchema))),

  'POST /patients/{patientId}/wallet/debits': async (event, caller) => changed(await debit(caller, pathParam(event, 'patientId'), jsonBody(event, walletDebitSchema))),

  'POST /patients/{patientId}/wallet/debits/{entryId}/void': async (event, caller) => {
    const { reason } = jsonBody(event, walletVoidSchema);
    return changed(await voidDebit(caller, pathParam(event, 'patientId'), pathParam(event, 'entryId'), reason));
  },

  'POST /patients/{patientId}/wallet/refunds': async (event, caller) => changed(await refund(caller, pathParam(event, 'patientId'), jsonBody(event, walletRefundSchema))),

  'POST /patients/{patientId}/wallet/transfers': async (event, caller) => changed(await transfer(caller, pathParam(event, 'patientId'), jsonBody(event, walletTransferSchema))),

  'GET /wallet/bonus-rules': async (_event, caller) => ok(await walletRules(caller)),

  'PUT /wallet/bonus-rules': async (event, caller) => ok(await setWalletRules(caller, jsonBody(event, walletRulesInputSchema))),

  ...couponOperations,

  'GET /patients/{patientId}/points': async (event, caller) => ok(await pointsOf(caller, pathParam(event, 'patientId'))),

  'GET /points/rules': async (_event, caller) => ok(await pointsRules(caller)),

  'PUT /points/rules': async (event, caller) => ok(await setPointsRules(caller, jsonBody(event, pointsRulesInputSchema))),
});

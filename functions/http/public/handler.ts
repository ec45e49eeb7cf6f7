/**
 * The pages patients open without a login: the intake questionnaire and the satisfaction survey.
 * Each finds its tenant through the link token, takes a small strict body and answers without any
 * ids or patient data. A function of its own, so that its role can only read the link and write
 * the lead or the answer (infra/constructs/http-api.ts), and a flood here throttles only these
 * routes (their own stage route settings), never the staff API.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { z } from 'zod';
import { DomainError } from '../../../shared/domain/errors.js';
import { intakeSubmissionSchema, surveyAnswerSchema } from '../../../shared/schemas/engagement.js';
import { readPublicIntakeForm, submitIntake } from '../../services/engagement-leads.js';
import { answerPublicSurvey, readPublicSurvey } from '../../services/engagement-surveys.js';
import { jsonBody, pathParam, queryParams, textBody } from '../lib/request.js';
import { alibabaReportSchema, tencentReportSchema } from '../../../shared/domain/channels/receipts.js';
import { applyAlibabaReceipts, applyTencentReceipts, checkReceiptAddress } from '../../services/delivery-receipts.js';
import { alibabaRepliesSchema, tencentReplySchema } from '../../../shared/domain/channels/provider-replies.js';
import { forwardAlibabaReplies, forwardTencentReply } from '../../services/provider-replies.js';
import { wechatSignatureQuerySchema } from '../../../shared/domain/channels/wechat-signature.js';
import { checkWechatRequest, handleWechatPush } from '../../services/wechat-events.js';
import { createAreaHandler, ok, type HttpEvent } from '../lib/router.js';

/** Public forms are a few hundred bytes; anything near this is not a person filling a form. */
const maxPublicBodyBytes = 8 * 1024;

const publicBody = <S extends z.ZodType>(event: APIGatewayProxyEventV2, schema: S): z.infer<S> => {
  if (event.body && Buffer.byteLength(event.body, 'utf8') > maxPublicBodyBytes) {
    throw new DomainError('too-large', `The form is larger than ${maxPublicBodyBytes / 1024} KB`, [{ path: '(body)', message: 'is too large', code: 'body.too_large' }]);
  }
  return jsonBody(event, schema);
};

/** A provider's report batch: up to 1,000 reports of a few hundred bytes. */
const maxReceiptBodyBytes = 512 * 1024;
/** A WeChat event is a few hundred bytes of XML. */
const maxWechatEventBytes = 16 * 1024;

export const handler = createAreaHandler('public', {
  // Alibaba Cloud SMS's status reports (SmsReport); it expects {"code":0} back once received.
  'POST /channels/alibaba-sms/receipts/{tenantId}/{token}': async (event: HttpEvent) => {
    const tenantId = pathParam(event, 'tenantId');
    checkReceiptAddress(tenantId, 'alibaba-sms', pathParam(event, 'token'));
    const result = await applyAlibabaReceipts(tenantId, jsonBody(event, alibabaReportSchema, { array: true, maxBytes: maxReceiptBodyBytes }), new Date());
    // A report that came before its send recorded the provider's id: not received yet, so Alibaba pushes again.
    return ok({ ...(result.pending > 0 ? { code: 1, msg: '稍后重试' } : { code: 0, msg: '成功' }), ...result });
  },

  // Tencent Cloud SMS's status callback; it expects {"result":0,"errmsg":"OK"} back.
  'POST /channels/tencent-sms/receipts/{tenantId}/{token}': async (event: HttpEvent) => {
    const tenantId = pathParam(event, 'tenantId');
    checkReceiptAddress(tenantId, 'tencent-sms', pathParam(event, 'token'));
    const result = await applyTencentReceipts(tenantId, jsonBody(event, tencentReportSchema, { array: true, maxBytes: maxReceiptBodyBytes }), new Date());
    return ok({ ...(result.pending > 0 ? { result: 1, errmsg: 'retry later' } : { result: 0, errmsg: 'OK' }), ...result });
  },

  // Patients' replies: Alibaba's SmsUp batch ({"code":0} back) and Tencent's single reply ({"result":0}).
  'POST /channels/alibaba-sms/replies/{tenantId}/{token}': async (event: HttpEvent) => {
    const tenantId = pathParam(event, 'tenantId');
    checkReceiptAddress(tenantId, 'alibaba-sms', pathParam(event, 'token'), 'replies');
    const result = await forwardAlibabaReplies(tenantId, jsonBody(event, alibabaRepliesSchema, { array: true, maxBytes: maxReceiptBodyBytes }));
    return ok({ code: 0, msg: '接收成功', ...result });
  },
  'POST /channels/tencent-sms/replies/{tenantId}/{token}': async (event: HttpEvent) => {
    const tenantId = pathParam(event, 'tenantId');
    checkReceiptAddress(tenantId, 'tencent-sms', pathParam(event, 'token'), 'replies');
    const result = await forwardTencentReply(tenantId, jsonBody(event, tencentReplySchema, { maxBytes: maxReceiptBodyBytes }));
    return ok({ result: 0, errmsg: 'OK', ...result });
  },

  // WeChat's server check: echo `echostr` once the signature holds.
  'GET /channels/wechat/events/{tenantId}/{token}': async (event: HttpEvent) => {
    const query = queryParams(event, wechatSignatureQuerySchema);
    checkWechatRequest(pathParam(event, 'tenantId'), pathParam(event, 'token'), query, new Date());
    return { status: 200, text: query.echostr ?? '' };
  },
  'POST /channels/wechat/events/{tenantId}/{token}': async (event: HttpEvent) => {
    const tenantId = pathParam(event, 'tenantId');
    checkWechatRequest(tenantId, pathParam(event, 'token'), queryParams(event, wechatSignatureQuerySchema), new Date());
    await handleWechatPush(tenantId, textBody(event, maxWechatEventBytes), new Date());
    return { status: 200, text: 'success' };
  },

  'GET /public/surveys/{token}': async (event: HttpEvent) => ok(await readPublicSurvey(pathParam(event, 'token'))),
  // 200 with a bare acknowledgement: the public side never gets ids or data back.
  'POST /public/surveys/{token}': async (event: HttpEvent) => {
    const answer = publicBody(event, surveyAnswerSchema);
    await answerPublicSurvey(pathParam(event, 'token'), answer);
    return ok({ received: true });
  },

  'GET /public/intake/{token}': async (event: HttpEvent) => ok(await readPublicIntakeForm(pathParam(event, 'token'))),
  'POST /public/intake/{token}': async (event: HttpEvent) => {
    const submission = publicBody(event, intakeSubmissionSchema);
    await submitIntake(pathParam(event, 'token'), submission);
    return ok({ received: true });
  },
});

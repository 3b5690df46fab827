// The package export `hookscope/client`: a typed client for hookscope's API, for test suites.
// Plain ESM over fetch: Node 18+ and browsers, no dependencies, no node:* imports.
export { hookscope } from './client.js';
export type { HookscopeClient } from './client.js';
export type { HookscopeBin } from './bin.js';
export { HookscopeApiError, HookscopeUnexpectedEventError, HookscopeWaitError } from './errors.js';
export type { ClientOptions, FetchLike } from './http.js';
export type {
  After,
  Bin,
  BinInfo,
  BinOptions,
  BinPatch,
  CapturedEvent,
  DecodedEvent,
  EventFilter,
  EventMatch,
  ExpectNoEventOptions,
  NearMiss,
  RequestDetail,
  RequestFilter,
  RequestMatch,
  RequestSummary,
  RequestWaitMatch,
  ResponseSettings,
  ResponseStep,
  PusherSendEvent,
  Scenario,
  ScenarioStep,
  SendDelivery,
  SendEvent,
  SendInput,
  SendResult,
  SendServer,
  SignatureStatus,
  SignatureVerdict,
  TsBroadcastingSendEvent,
  WaitedEvent,
  WaitOptions,
} from './types.js';

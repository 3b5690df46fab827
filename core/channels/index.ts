// Front door of the channel state machine (core/channels): wire types and the fold.
export { createChannelFold, type ChannelFold } from './fold.js';
export { channelType } from './channel-record.js';
export { defaultFoldLimits, type FoldEvent, type FoldLimits, type FoldRequest } from './fold-types.js';
export * from './types.js';

// Public API of hookscope's isomorphic core (package export `hookscope/core`): wire types and the
// payload decoder. Imported by the server, the viewer and the test client.
export * from './wire.js';
export * from './decode/index.js';
export * from './channels/index.js';
export { headerValue } from './raw-headers.js';
export { explainSignature, signatureReport } from './signature-explain.js';

export { credentialsAccepted, isAuthorized, sameSecret, sessionValue, SESSION_COOKIE } from './token.js';
export { requireToken } from './auth-middleware.js';
export { securityHeadersMiddleware } from './headers-middleware.js';
export { originGuard, sameOrigin } from './origin-middleware.js';
export { hostAllowed, hostGuard, hostMessage } from './host-check.js';
export { loginRoutes, safeNext } from './login-routes.js';
export { upgradeRefusal, type UpgradeRefusal } from './upgrade-check.js';

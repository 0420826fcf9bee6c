// Every route of the cascade handler under /api: POST /api/cascade (the chat's stream) and
// GET /api/health (the breakers the chat's health notice reads). One catch-all file, so both
// routes reach the same handler instance.
import { handler } from '../../../cascade';

export { handler as GET, handler as POST };

import { faultMatrix } from '../__fixtures__/fault-matrix.js';
import { WRAPPED_HANDLER } from '../__fixtures__/matrix.js';

faultMatrix(WRAPPED_HANDLER);

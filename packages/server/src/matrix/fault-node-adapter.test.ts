import { faultMatrix } from '../__fixtures__/fault-matrix.js';
import { NODE_ADAPTER } from '../__fixtures__/matrix.js';

faultMatrix(NODE_ADAPTER);

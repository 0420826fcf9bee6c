import { faultMatrix } from '../__fixtures__/fault-matrix.js';
import { IN_PROCESS } from '../__fixtures__/matrix.js';

faultMatrix(IN_PROCESS);

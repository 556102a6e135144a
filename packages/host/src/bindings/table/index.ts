import type { BindingExtension } from '../binding-extension.js';
import { tableInput } from './table-input.js';
import { tableOutput } from './table-output.js';

/** Azure Storage tables: the `table` input and output (there is no table trigger). */
export const tableExtension: BindingExtension = {
  name: 'Tables',
  triggerTypes: [],
  outputTypes: ['table'],
  inputTypes: ['table'],
  input: tableInput,
  output: tableOutput,
};

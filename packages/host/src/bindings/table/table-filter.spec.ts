import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toTypedData } from '@functions-rpc/protocol';
import { resolveFilter, tableQuery } from './table-filter.js';

const data = { name: toTypedData("O'Neil", 'string'), age: toTypedData('30', 'string') };

describe('table filters', () => {
  it('doubles the quotes of a value used only inside quotes, and takes a bare value that is a number', () => {
    assert.equal(resolveFilter("Name eq '{Name}' and Age gt {age}", data), "Name eq 'O''Neil' and Age gt 30");
  });

  it('refuses a bare value that is not a boolean or number, even if it is quoted elsewhere', () => {
    assert.throws(
      () => resolveFilter("Name eq '{name}' or Name eq {name}", data),
      /An invalid parameter value was specified for filter parameter 'name'\./,
    );
  });

  it('takes a filter that is one expression as it is', () => {
    const whole = { query: toTypedData("Name eq 'x'", 'string') };
    assert.equal(resolveFilter('{query}', whole), "Name eq 'x'");
  });

  it('puts the partition before the filter, joined by `and` without parentheses as the reference host does', () => {
    assert.equal(tableQuery("it's", undefined), "PartitionKey eq 'it''s'");
    assert.equal(tableQuery('p', 'A eq 1 or B eq 2'), "PartitionKey eq 'p' and A eq 1 or B eq 2");
    assert.equal(tableQuery(undefined, 'A eq 1'), 'A eq 1');
    assert.equal(tableQuery('', undefined), undefined);
  });
});

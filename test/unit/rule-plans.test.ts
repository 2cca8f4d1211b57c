/**
 * The rule plan's verdict against class-validator's own, case by case: a valid object must pass the
 * plan (else the fast path is lost), an invalid one must fail it (else a violation would slip through
 * without its error). Objects are normalised first, as validateInput does.
 */
import 'reflect-metadata';
import { IsDefined, MinLength, registerDecorator, validate, ValidateNested } from 'class-validator';
import { UsersArgs, AssetsArgs, UserArgs } from '../../src/apps/manage/manage.args';
import { LoginArgs } from '../../src/apps/auth/auth.args';
import { CampaignArgs } from '../../src/apps/recover/campaign.args';
import { ConnectionArgs } from '../../src/core/graph/connection';
import { passesRulePlan } from '../../src/core/validation/rule-plans';
import { normalizeStrings } from '../../src/core/validation/validate-input';
import { addInput, bulkInput, documentedExampleEmployee, manyEmployees, usEmployee } from '../fixtures/recovery-input';

const instance = <T extends object>(type: new () => T, fields: Record<string, unknown>): T => Object.assign(new type(), fields);

async function classValidatorPasses(object: object): Promise<boolean> {
  const errors = await validate(object, { skipMissingProperties: false, forbidUnknownValues: false, stopAtFirstError: true });
  return errors.length === 0;
}

/** Rules over collections and nesting the gateway's inputs use only in part. */
class Tagged {
  @IsDefined()
  @MinLength(2, { each: true })
  tags?: unknown;

  @ValidateNested()
  child?: unknown;
}

/** A class with a rule the plan does not mirror (an async constraint): class-validator judges it. */
class WithAsyncRule {
  @((target: object, propertyName: string) =>
    registerDecorator({
      target: target.constructor,
      propertyName,
      async: true,
      validator: { validate: async (value: unknown) => value === 'yes' },
    }))
  answer?: string;
}

const cases: Array<[string, () => object]> = [
  ["the documents' GB example", () => addInput(documentedExampleEmployee)],
  ['a US employee', () => addInput(usEmployee())],
  ['100 employees', () => bulkInput(manyEmployees(100))],
  ['101 employees', () => bulkInput(manyEmployees(101))],
  ['no employees', () => bulkInput([])],
  ['employees missing', () => bulkInput([], { employees: undefined })],
  ['an employee that is not an object', () => bulkInput([], { employees: ['x'] })],
  ['an employee that is null', () => addInput(usEmployee(), { employee: null })],
  ['a bad row among many', () => bulkInput([...manyEmployees(50), usEmployee({ phone: '12' })])],
  ['a bad item deep inside', () => addInput(usEmployee({ items: [{ name: 'Laptop' }, { name: ' ' }] }))],
  ['an item that is not an object', () => addInput(usEmployee({ items: ['Laptop'] as never }))],
  ['US without a state', () => addInput(usEmployee({ state: undefined }))],
  ['GB without a state', () => addInput({ ...documentedExampleEmployee, state: undefined })],
  ['an unknown state', () => addInput(usEmployee({ state: 'Californa' }))],
  ['OTHER with a note', () => addInput(usEmployee({ recoveryReason: 'OTHER', recoveryReasonNote: 'loaner' }))],
  ['OTHER without a note', () => addInput(usEmployee({ recoveryReason: 'OTHER' }))],
  ['a note without OTHER', () => addInput(usEmployee({ recoveryReasonNote: 'why' }))],
  ['a note over its length', () => addInput(usEmployee({ recoveryReason: 'OTHER', recoveryReasonNote: 'x'.repeat(1001) }))],
  ['six items', () => addInput(usEmployee({ items: Array.from({ length: 6 }, (_, index) => ({ name: `Item ${index}` })) }))],
  ['an invalid email', () => addInput(usEmployee({ email: 'maya@' }))],
  ['an email over 254 characters', () => addInput(usEmployee({ email: `${'a'.repeat(250)}@x.example` }))],
  ['an international phone', () => addInput(usEmployee({ phone: '+44 1632 960123' }))],
  ['an unknown country', () => addInput(usEmployee({ country: 'XX' }))],
  ['a bad campaign number', () => addInput(usEmployee(), { campaignNumber: 'abc' })],
  ['an idempotency key over its length', () => bulkInput(manyEmployees(2), { idempotencyKey: 'k'.repeat(500) })],
  ['users args: defaults', () => instance(UsersArgs, { page: 1 })],
  ['users args: page 0', () => instance(UsersArgs, { page: 0 })],
  ['users args: a long email filter', () => instance(UsersArgs, { email: `${'a'.repeat(300)}@x.example` })],
  ['assets args: fine', () => instance(AssetsArgs, { page: 2, assetId: 'A-1' })],
  ['user args: email missing', () => instance(UserArgs, {})],
  ['login args: password with spaces kept', () => instance(LoginArgs, { email: 'a@b.example', password: ' pw ' })],
  ['login args: password missing', () => instance(LoginArgs, { email: 'a@b.example' })],
  ['campaign args: fine', () => instance(CampaignArgs, { campaignNumber: '17449821332893' })],
  ['campaign args: letters', () => instance(CampaignArgs, { campaignNumber: 'x1' })],
  ['connection args: first 0', () => instance(ConnectionArgs, { first: 0 })],
  ['connection args: first 1,001', () => instance(ConnectionArgs, { first: 1001 })],
  ['connection args: fine', () => instance(ConnectionArgs, { first: 10 })],
  ['a plain object (no rules)', () => ({ anything: 1 })],
  ['an array (no rules)', () => [1, 2]],
  ['each-rule over a list, all long enough', () => instance(Tagged, { tags: ['ab', 'cd'] })],
  ['each-rule over a list, one too short', () => instance(Tagged, { tags: ['ab', 'c'] })],
  ['each-rule over a set', () => instance(Tagged, { tags: new Set(['ab', 'c']) })],
  ['nested: a primitive', () => instance(Tagged, { tags: [], child: 5 })],
  ['nested: an object without rules', () => instance(Tagged, { tags: [], child: { a: 1 } })],
  ['nested: an object with a failing rule', () => instance(Tagged, { tags: [], child: instance(Tagged, { tags: ['a'] }) })],
];

describe('the rule plan agrees with class-validator', () => {
  it.each(cases)('%s', async (_name, build) => {
    const object = build();
    normalizeStrings(object as Record<string, unknown>);
    expect(passesRulePlan(object)).toBe(await classValidatorPasses(object));
  });

  it('leaves a class with an async rule to class-validator, even when the object is valid', async () => {
    const valid = instance(WithAsyncRule, { answer: 'yes' });
    expect(await classValidatorPasses(valid)).toBe(true);
    expect(await classValidatorPasses(instance(WithAsyncRule, { answer: 'no' }))).toBe(false);
    expect(passesRulePlan(valid)).toBe(false);
  });

  it('the table holds both verdicts for the mutation inputs (a table of passes alone would prove nothing)', async () => {
    const verdicts = await Promise.all(cases.slice(0, 25).map(([, build]) => classValidatorPasses(build())));
    expect(verdicts.filter(Boolean).length).toBeGreaterThan(3);
    expect(verdicts.filter((verdict) => !verdict).length).toBeGreaterThan(15);
  });
});

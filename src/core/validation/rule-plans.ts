/**
 * A yes/no verdict on an input object from class-validator's own rules, with the lookups done once
 * per class instead of once per object.
 *
 * Why: class-validator's executor re-reads and re-filters the metadata and allocates an error object
 * for every property of every object it validates. For the 100-employee bulk-add that overhead was
 * about 4.5 ms of the 5.8 ms spent validating (the rules themselves, mostly the phone and email
 * checks, about 1.1 ms); see bench/README.md. Here each input class becomes a plan once (its
 * properties, each with its conditions and constraint instances), and a valid object, the common
 * case, is judged by calling the rules directly. The rules, their options and their messages stay
 * class-validator's: an object this plan finds invalid is validated again by class-validator, which
 * writes the errors (validate-input.ts), so only the verdict is computed here.
 *
 * The verdict mirrors class-validator's ValidationExecutor (0.15) for the metadata kinds the
 * gateway's inputs use: conditions (`@IsOptional`, `@ValidateIf`), `@IsDefined`, synchronous
 * constraints (built in or `registerDecorator`, with `each`), and `@ValidateNested` (single or each).
 * A class with anything else (async or promise rules, whitelists) has no plan, and its objects go to
 * class-validator whole. rule-plans.test.ts checks the verdict against class-validator's, case by case.
 */
import { getMetadataStorage, ValidationTypes, type ValidationArguments, type ValidatorConstraintInterface } from 'class-validator';

type Metadata = ReturnType<ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']>[number];
type Condition = (object: object, value: unknown) => boolean;

interface ConstraintCheck {
  constraints: unknown[];
  each: boolean;
  /** The metadata's own `validateIf` option (not the `@ValidateIf` decorator, which is a condition). */
  onlyIf?: Condition;
  validators: ValidatorConstraintInterface[];
}

interface PropertyPlan {
  name: string;
  conditions: Condition[];
  /** `@IsDefined` first, then the other constraints, in class-validator's order. */
  checks: ConstraintCheck[];
  nested: boolean;
}

interface ClassPlan {
  targetName: string;
  properties: PropertyPlan[];
}

/** Classes whose metadata this plan does not mirror: their objects are judged by class-validator. */
const UNPLANNABLE = null;

/** Compiled at a class's first validation: its decorators, and its parents', have all run when the class was loaded. */
const plans = new WeakMap<Function, ClassPlan | typeof UNPLANNABLE>();

/**
 * True when class-validator would find no violation in `object` (options: no groups, missing
 * properties not skipped, unknown objects allowed); false when it would, or when this class cannot be
 * planned (the caller then asks class-validator).
 */
export function passesRulePlan(object: object): boolean {
  const plan = planOf(object.constructor);
  return plan !== UNPLANNABLE && passes(plan, object);
}

function planOf(target: Function): ClassPlan | typeof UNPLANNABLE {
  let plan = plans.get(target);
  if (plan === undefined) {
    plan = compile(target);
    plans.set(target, plan);
  }
  return plan;
}

function compile(target: Function): ClassPlan | typeof UNPLANNABLE {
  const storage = getMetadataStorage();
  const metadatas = storage.getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);
  const byProperty = storage.groupByPropertyName(metadatas);
  const properties: PropertyPlan[] = [];
  for (const [name, group] of Object.entries(byProperty)) {
    const plan: PropertyPlan = { name, conditions: [], checks: [], nested: false };
    const defined: Metadata[] = [];
    const others: Metadata[] = [];
    for (const metadata of group) {
      if (metadata.type === ValidationTypes.IS_DEFINED) defined.push(metadata);
      else if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) plan.conditions.push(metadata.constraints[0] as Condition);
      else if (metadata.type === ValidationTypes.CUSTOM_VALIDATION) others.push(metadata);
      else if (metadata.type === ValidationTypes.NESTED_VALIDATION) plan.nested = true;
      else return UNPLANNABLE;
    }
    for (const metadata of [...defined, ...others]) {
      const constraintMetadatas = storage.getTargetValidatorConstraints(metadata.constraintCls);
      if (constraintMetadatas.some((constraint) => constraint.async)) return UNPLANNABLE;
      plan.checks.push({
        constraints: metadata.constraints,
        each: metadata.each,
        onlyIf: metadata.validateIf,
        validators: constraintMetadatas.map((constraint) => constraint.instance),
      });
    }
    properties.push(plan);
  }
  return { targetName: target.name, properties };
}

function passes(plan: ClassPlan, object: object): boolean {
  for (const property of plan.properties) {
    const value = (object as Record<string, unknown>)[property.name];
    if (!property.conditions.every((condition) => condition(object, value))) continue;
    for (const check of property.checks) {
      if (check.onlyIf && !check.onlyIf(object, value)) continue;
      const args: ValidationArguments = {
        targetName: plan.targetName,
        property: property.name,
        object,
        value,
        constraints: check.constraints,
      };
      for (const validator of check.validators) {
        if (check.each && isCollection(value)) {
          for (const item of collected(value)) if (!holds(validator.validate(item, args))) return false;
        } else if (!holds(validator.validate(value, args))) return false;
      }
    }
    if (property.nested && value !== undefined && !passesNested(value)) return false;
  }
  return true;
}

/** A rule's answer as class-validator reads it (truthy passes); a promise, an async rule, is left to class-validator. */
const holds = (answer: unknown): boolean => Boolean(answer) && typeof (answer as Promise<unknown>).then !== 'function';

/** `@ValidateNested`: every object (of a collection) passes its own class's plan; anything else is a violation. */
function passesNested(value: unknown): boolean {
  if (isCollection(value)) {
    for (const item of collected(value)) if (!isObject(item) || !passesRulePlan(item)) return false;
    return true;
  }
  return isObject(value) && passesRulePlan(value);
}

const isObject = (value: unknown): value is object => value instanceof Object;

const isCollection = (value: unknown): value is unknown[] | Set<unknown> | Map<unknown, unknown> =>
  Array.isArray(value) || value instanceof Set || value instanceof Map;

/** What class-validator iterates in a collection: an array's or set's items, a map's values. */
const collected = (value: unknown[] | Set<unknown> | Map<unknown, unknown>): Iterable<unknown> =>
  value instanceof Map ? value.values() : value;

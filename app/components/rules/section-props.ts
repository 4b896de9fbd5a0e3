// What every section of the rule form gets: a field's error by path, and a patch of the values.
import type { CrossSellValues, UpgradeValues } from "../../rules/rule-form-schema";

/** The error of a field, by its path in the values ("trigger.productIds"). */
export type Err = (path: string) => string | undefined;
export type Update = (patch: Partial<CrossSellValues> | Partial<UpgradeValues>) => void;

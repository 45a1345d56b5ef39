/** The names the parts of a request schema get in the precompiled module: its fields, and its i-th rule. */
export const fieldsName = (file: string) => `fields-of-${file}`;
export const ruleName = (file: string, i: number) => `rule-${i}-of-${file}`;

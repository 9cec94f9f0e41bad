// Generated from ketawidget/model/parameters.py (CONDITIONS) by `make channels`; do not edit.
// A run's conditions (its yes/no parameters: pre-treatments, chronic stress): the one list, shared with Python.

export const CONDITIONS = [
  "anisomycin",
  "bdnf_knockout",
  "chronic_stress",
  "nbqx",
  "nifedipine",
  "rapamycin",
] as const;

export type Condition = (typeof CONDITIONS)[number];

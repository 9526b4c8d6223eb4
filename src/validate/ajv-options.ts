/** The one set of ajv options used to build validators (ahead of time in the build, or in tests). */
import { Ajv, type Options } from "ajv";

export const AJV_OPTIONS: Options = {
  allErrors: true,
  // parentSchema in errors: lets messages list the known fields ("did you mean …").
  verbose: true,
  strict: false,
  // Formats (int32, double, date-time, byte) are annotations here: ranges that matter are checked
  // explicitly, and standalone code must not depend on format functions.
  validateFormats: false,
  keywords: ["x-meshc-checks"],
};

/** Compile a schema at run time: for tests only (production loads precompiled standalone code). */
export function compileForTest(schema: object) {
  const ajv = new Ajv(AJV_OPTIONS);
  return ajv.compile(schema);
}

/**
 * How many pairwise comparisons the analyzers made (selector against labels, host against host): the
 * scaling tests read these to check that analyzers look things up in indexes instead of scanning, with
 * counts rather than wall time. Counting is a single increment; nothing else reads them.
 */
export const comparisons = { selector: 0, host: 0 };

export function resetComparisons(): void {
  comparisons.selector = 0;
  comparisons.host = 0;
}

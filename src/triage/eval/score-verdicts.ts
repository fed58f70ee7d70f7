/** How well verdicts match labels, the way the literature reports it. */
export type EvalScores = {
  items: number;
  accuracy: number;
  complaint: { precision: number; recall: number; f1: number };
  notComplaint: { precision: number; recall: number; f1: number };
  macroF1: number;
  /** Rows: truth; columns: prediction. */
  confusion: {
    truePositive: number;
    falseNegative: number;
    falsePositive: number;
    trueNegative: number;
  };
  /** Where the file labels categories: share of labelled complaints put in that category. */
  perCategory: Record<string, { items: number; correct: number; accuracy: number }>;
};

export type ScoredItem = {
  truth: boolean;
  predicted: boolean;
  category?: string;
  predictedCategory?: string;
};

export function scoreVerdicts(items: ScoredItem[]): EvalScores {
  let tp = 0;
  let fn = 0;
  let fp = 0;
  let tn = 0;
  const perCategory: EvalScores['perCategory'] = {};
  for (const item of items) {
    if (item.truth && item.predicted) tp++;
    else if (item.truth) fn++;
    else if (item.predicted) fp++;
    else tn++;
    if (item.category && item.truth) {
      const entry = (perCategory[item.category] ??= { items: 0, correct: 0, accuracy: 0 });
      entry.items++;
      if (item.predictedCategory === item.category) entry.correct++;
    }
  }
  for (const entry of Object.values(perCategory))
    entry.accuracy = ratio(entry.correct, entry.items);
  const complaint = prf(tp, fp, fn);
  const notComplaint = prf(tn, fn, fp);
  return {
    items: items.length,
    accuracy: ratio(tp + tn, items.length),
    complaint,
    notComplaint,
    macroF1: (complaint.f1 + notComplaint.f1) / 2,
    confusion: { truePositive: tp, falseNegative: fn, falsePositive: fp, trueNegative: tn },
    perCategory,
  };
}

function prf(tp: number, fp: number, fn: number) {
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
  };
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

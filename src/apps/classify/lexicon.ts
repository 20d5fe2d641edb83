/**
 * The `sentiment` package's AFINN lexicon scorer, the baseline a JavaScript developer would
 * reach for first: the sum of word scores, > 0 positive, < 0 negative.
 */
import { createRequire } from 'node:module';
import { MissingPackageError, isPackageNotFound } from '../../data/optionalPackage.js';

interface SentimentAnalyzer {
  analyze(text: string): { score: number };
}

let analyzer: SentimentAnalyzer | null = null;

/** The lexicon score of a text. @example lexiconScore('I love it') // 3 */
export function lexiconScore(text: string): number {
  if (!analyzer) {
    let Sentiment: new () => SentimentAnalyzer;
    try {
      // `sentiment` is an optional peer dependency (CommonJS), needed only for this baseline.
      Sentiment = createRequire(import.meta.url)('sentiment') as new () => SentimentAnalyzer;
    } catch (e) {
      if (isPackageNotFound(e, 'sentiment')) throw new MissingPackageError('lexiconScore', 'sentiment', 'lexicon', { cause: e });
      throw e;
    }
    analyzer = new Sentiment();
  }
  return analyzer.analyze(text).score;
}

/** Tokenizer: Keras's vocabulary ranking, OOV, numWords, char level, decoding, JSON round trip, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Tokenizer } from '../../src/data/tokenizer.js';

test('word index ranks by count, ties by first appearance, index 0 unused', () => {
  const tok = new Tokenizer();
  tok.fitOnTexts(['The cat sat on the mat.', 'The dog ate my homework!']);
  assert.deepEqual([...tok.wordIndex], [
    ['the', 1], ['cat', 2], ['sat', 3], ['on', 4], ['mat', 5], ['dog', 6], ['ate', 7], ['my', 8], ['homework', 9],
  ]);
  assert.equal(tok.indexWord.get(1), 'the');
  assert.equal(tok.indexWord.has(0), false);
  assert.equal(tok.wordCounts.get('the'), 3);
  assert.equal(tok.wordDocs.get('the'), 2);
  assert.equal(tok.documentCount, 2);
  assert.deepEqual(tok.textsToSequences(['the mat ate the cat']), [[1, 5, 7, 1, 2]]);

  const ties = new Tokenizer();
  ties.fitOnTexts(['b a', 'c a b c']);
  // b, a and c all occur twice: first appearance decides.
  assert.deepEqual([...ties.wordIndex.keys()], ['b', 'a', 'c']);
});

test('fitOnTexts accumulates over calls and re-ranks', () => {
  const tok = new Tokenizer();
  tok.fitOnTexts(['x y y']);
  assert.deepEqual([...tok.wordIndex], [['y', 1], ['x', 2]]);
  tok.fitOnTexts(['x x']);
  assert.deepEqual([...tok.wordIndex], [['x', 1], ['y', 2]]);
  assert.equal(tok.documentCount, 2);
});

test('unknown words are dropped without an OOV token and map to index 1 with one', () => {
  const plain = new Tokenizer();
  plain.fitOnTexts(['a b']);
  assert.deepEqual(plain.textsToSequences(['a zzz b']), [[1, 2]]);
  const oov = new Tokenizer({ oovToken: '<oov>' });
  oov.fitOnTexts(['a b b']);
  assert.deepEqual([...oov.wordIndex], [['<oov>', 1], ['b', 2], ['a', 3]]);
  assert.deepEqual(oov.textsToSequences(['a zzz b']), [[3, 1, 2]]);
  assert.deepEqual(oov.sequencesToTexts([[3, 1, 2]]), ['a <oov> b']);
});

test('empty strings give empty sequences and count as documents', () => {
  const tok = new Tokenizer({ oovToken: 'OOV' });
  tok.fitOnTexts(['', '  ', '...']);
  assert.equal(tok.documentCount, 3);
  assert.deepEqual([...tok.wordIndex], [['OOV', 1]]);
  assert.deepEqual(tok.textsToSequences(['', '?!']), [[], []]);
  assert.deepEqual(tok.sequencesToTexts([[]]), ['']);
});

test('numWords keeps indices below numWords; the rest become OOV or are dropped', () => {
  const tok = new Tokenizer({ numWords: 3 });
  tok.fitOnTexts(['a a a b b c']);
  assert.equal(tok.wordIndex.size, 3); // the full vocabulary is kept, as in Keras
  assert.deepEqual(tok.textsToSequences(['a b c d']), [[1, 2]]);
  assert.deepEqual(tok.sequencesToTexts([[1, 2, 3]]), ['a b']);

  const withOov = new Tokenizer({ numWords: 3, oovToken: '?' });
  withOov.fitOnTexts(['a a a b b c']);
  // ? = 1, a = 2, b = 3, c = 4: only 1 and 2 are below 3.
  assert.deepEqual(withOov.textsToSequences(['a b c d']), [[2, 1, 1, 1]]);
  assert.deepEqual(withOov.sequencesToTexts([[2, 3, 99]]), ['a ? ?']);
});

test('filters, lower and split follow text_to_word_sequence', () => {
  assert.deepEqual(new Tokenizer().tokenize("Hello, World! It's\tme\n"), ['hello', 'world', "it's", 'me']);
  assert.deepEqual(new Tokenizer({ lower: false }).tokenize('The the'), ['The', 'the']);
  assert.deepEqual(new Tokenizer({ split: '|', filters: '' }).tokenize('a|b||c d'), ['a', 'b', 'c d']);
  assert.deepEqual(new Tokenizer({ filters: '' }).tokenize('end.'), ['end.']);
});

test('char level: every character is a token, filters still apply unless empty', () => {
  const tok = new Tokenizer({ charLevel: true });
  assert.deepEqual(tok.tokenize('Hi, you!'), ['h', 'i', ' ', 'y', 'o', 'u']);
  tok.fitOnTexts(['aab b']);
  assert.deepEqual([...tok.wordIndex], [['a', 1], ['b', 2], [' ', 3]]);
  assert.deepEqual(tok.textsToSequences(['ba!']), [[2, 1]]);
  assert.deepEqual(tok.sequencesToTexts([[0, 0, 2, 3, 1]]), ['b a']);

  const all = new Tokenizer({ charLevel: true, filters: '', lower: false });
  assert.deepEqual(all.tokenize('A,\n'), ['A', ',', '\n']);
  assert.deepEqual(new Tokenizer({ charLevel: true }).tokenize('héllo 😀'), ['h', 'é', 'l', 'l', 'o', ' ', '😀']);
});

test('sequencesToTexts skips padding and drops unknown indices without OOV', () => {
  const tok = new Tokenizer();
  tok.fitOnTexts(['hello world']);
  assert.deepEqual(tok.sequencesToTexts([[0, 0, 1, 2], [2, 42]]), ['hello world', 'world']);
  assert.throws(() => tok.sequencesToTexts([[1, 1.5]]), /Tokenizer\.sequencesToTexts: argument 'sequences\[0\]\[1\]' expected an integer, got 1\.5/);
});

test('toJSON / fromJSON round trip through JSON text', () => {
  const tok = new Tokenizer({ numWords: 4, oovToken: '<unk>', charLevel: false, lower: false, split: ' ', filters: '.' });
  tok.fitOnTexts(['The cat. The dog', 'A cat']);
  const copy = Tokenizer.fromJSON(JSON.parse(JSON.stringify(tok.toJSON())));
  assert.deepEqual(copy.toJSON(), tok.toJSON());
  assert.deepEqual([...copy.wordIndex], [...tok.wordIndex]);
  assert.deepEqual([...copy.indexWord], [...tok.indexWord]);
  assert.equal(copy.numWords, 4);
  assert.equal(copy.oovToken, '<unk>');
  assert.equal(copy.lower, false);
  const texts = ['The bird. A cat', 'dog'];
  assert.deepEqual(copy.textsToSequences(texts), tok.textsToSequences(texts));
  assert.throws(() => Tokenizer.fromJSON({ className: 'Scaler' } as never), /Tokenizer\.fromJSON: argument 'json' expected an object with className 'Tokenizer', got className "Scaler"/);
  const bad = { ...tok.toJSON(), wordIndex: [['a', 'x']] };
  assert.throws(() => Tokenizer.fromJSON(bad as never), /field 'wordIndex\[0\]' expected a \[string, integer\] pair, got \["a","x"\]/);
});

test('bad options and texts are named', () => {
  assert.throws(() => new Tokenizer({ numWord: 5 } as never), /Tokenizer: unknown option 'numWord'; expected one of: numWords/);
  assert.throws(() => new Tokenizer({ numWords: 0 }), /Tokenizer: option 'numWords' expected an integer >= 1, got 0/);
  assert.throws(() => new Tokenizer({ split: '' }), /Tokenizer: option 'split' expected a non-empty string, got ""/);
  assert.throws(() => new Tokenizer({ lower: 'yes' } as never), /Tokenizer: option 'lower' expected true or false, got "yes"/);
  const tok = new Tokenizer();
  assert.throws(() => tok.fitOnTexts('abc' as never), /Tokenizer\.fitOnTexts: argument 'texts' expected an array of strings, got string/);
  assert.throws(() => tok.textsToSequences(['a', 3] as never), /Tokenizer\.textsToSequences: argument 'texts\[1\]' expected a string, got number/);
});

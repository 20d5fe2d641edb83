/** Vocabulary: ids in a deterministic order, round trips, unknown tokens, limits, JSON, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Vocabulary, UNKNOWN_CHAR, UNKNOWN_WORD } from '../../src/text/index.js';

test('char level: id 0 is the unknown character, then the corpus characters in code-point order', () => {
  const vocab = Vocabulary.fromText('hello world');
  assert.equal(vocab.level, 'char');
  assert.deepEqual(vocab.tokens, [UNKNOWN_CHAR, ' ', 'd', 'e', 'h', 'l', 'o', 'r', 'w']);
  assert.equal(vocab.size, 9);
  assert.equal(vocab.unknownId, 0);
  assert.equal(vocab.unknown, '\uFFFD');
  // The same characters in another order give the same ids.
  assert.deepEqual(Vocabulary.fromText('world hello').tokens, vocab.tokens);
});

test('char level: encode/decode round-trips every text made of corpus characters', () => {
  const corpus = 'The quick brown fox jumps over the lazy dog.\nÀ bientôt! 😀 ok';
  const vocab = Vocabulary.fromText(corpus);
  const ids = vocab.encode(corpus);
  assert.ok(ids instanceof Int32Array);
  assert.equal(ids.length, Array.from(corpus).length, 'one id per code point (the emoji is one character)');
  assert.equal(vocab.decode(ids), corpus);
  assert.equal(vocab.decode(vocab.encode('dog fox')), 'dog fox');
  assert.equal(vocab.decode([]), '');
});

test('char level: unseen characters map to the unknown id and decode as the unknown character', () => {
  const vocab = Vocabulary.fromText('abc');
  assert.deepEqual(Array.from(vocab.encode('abzc')), [1, 2, 0, 3]);
  assert.equal(vocab.decode(vocab.encode('abzc')), `ab${UNKNOWN_CHAR}c`);
  assert.equal(vocab.idOf('z'), 0);
  assert.equal(vocab.tokenOf(2), 'b');
  // A custom unknown character; it is not duplicated when the corpus contains it.
  const custom = Vocabulary.fromText('a?b', { unknown: '?' });
  assert.deepEqual(custom.tokens, ['?', 'a', 'b']);
  assert.deepEqual(Array.from(custom.encode('a!b?')), [1, 0, 2, 0]);
});

test('lower-cases before building and before encoding when asked', () => {
  const vocab = Vocabulary.fromText('AbA', { lower: true });
  assert.deepEqual(vocab.tokens, [UNKNOWN_CHAR, 'a', 'b']);
  assert.deepEqual(Array.from(vocab.encode('ABab')), [1, 2, 1, 2]);
  assert.equal(vocab.idOf('B'), 2);
  assert.deepEqual(Array.from(Vocabulary.fromText('AbA').encode('a')), [0], 'case-sensitive by default');
});

test('maxSize keeps the most frequent tokens (ties by code point), unknown included', () => {
  const chars = Vocabulary.fromText('abracadabra', { maxSize: 3 }); // a:5 b:2 r:2 c:1 d:1
  assert.deepEqual(chars.tokens, [UNKNOWN_CHAR, 'a', 'b']);
  assert.deepEqual(Array.from(chars.encode('abr')), [1, 2, 0]);
  assert.equal(Vocabulary.fromText('abracadabra', { maxSize: 100 }).size, 6);
  const words = Vocabulary.fromText('b a b c a b', { level: 'word', maxSize: 3 });
  assert.deepEqual(words.tokens, [UNKNOWN_WORD, 'b', 'a']);
});

test('word level: id 0 is <unk>, words by decreasing frequency, punctuation as tokens', () => {
  const vocab = Vocabulary.fromText('the cat sat. the dog sat. the end', { level: 'word' });
  assert.deepEqual(vocab.tokens, ['<unk>', 'the', '.', 'sat', 'cat', 'dog', 'end']);
  assert.deepEqual(vocab.tokenize("Don't stop, (really)!"), ["Don't", 'stop', ',', '(', 'really', ')', '!']);
  const ids = vocab.encode('the cat sat on the mat.');
  assert.deepEqual(Array.from(ids), [1, 4, 3, 0, 1, 0, 2]);
  assert.equal(vocab.decode(ids), 'the cat sat <unk> the <unk>.');
  assert.equal(vocab.decode(vocab.encode('the dog sat. the end')), 'the dog sat. the end');
});

test('word level: decoding puts no space before closing or after opening punctuation', () => {
  const vocab = Vocabulary.fromText('say ( hi ) , you ! ok ?', { level: 'word' });
  assert.equal(vocab.decode(vocab.encode('say (hi), you! ok?')), 'say (hi), you! ok?');
});

test('toJSON / fromJSON round-trip through JSON text', () => {
  for (const vocab of [
    Vocabulary.fromText('Hello, World', { lower: true }),
    Vocabulary.fromText('to be or not to be', { level: 'word', unknown: '[UNK]' }),
  ]) {
    const json = JSON.parse(JSON.stringify(vocab)) as unknown;
    const back = Vocabulary.fromJSON(json);
    assert.deepEqual(back.tokens, vocab.tokens);
    assert.equal(back.level, vocab.level);
    assert.equal(back.lower, vocab.lower);
    assert.deepEqual(back.toJSON(), vocab.toJSON());
    assert.deepEqual(Array.from(back.encode('hello be')), Array.from(vocab.encode('hello be')));
  }
  assert.equal(Vocabulary.fromJSON(JSON.parse(JSON.stringify(Vocabulary.fromText('x', { level: 'word', unknown: '[UNK]' })))).unknown, '[UNK]');
});

test('errors name the argument, the expected and the actual value', () => {
  assert.throws(() => Vocabulary.fromText('abc', { level: 'byte' as 'char' }), /option 'level' expected one of 'char', 'word', got "byte"/);
  assert.throws(() => Vocabulary.fromText('abc', { maxSize: 0 }), /option 'maxSize' expected an integer >= 1, got 0/);
  assert.throws(() => Vocabulary.fromText('abc', { unknown: '<unk>' }), /option 'unknown' expected a single character .* got "<unk>"/);
  assert.throws(() => Vocabulary.fromText('abc', { lowercase: true } as object), /unknown option 'lowercase'/);
  assert.throws(() => Vocabulary.fromText(42 as unknown as string), /argument 'text' expected a string, got number/);
  const vocab = Vocabulary.fromText('abc');
  assert.throws(() => vocab.decode([1, 4]), /argument 'ids' has 4 at index 1; expected integer ids in \[0, 4\)/);
  assert.throws(() => vocab.decode([1.5]), /has 1.5 at index 0/);
  assert.throws(() => vocab.tokenOf(-1), /argument 'id' expected an integer in \[0, 4\), got -1/);
  assert.throws(() => Vocabulary.fromJSON({ format: 'other' }), /field 'format' expected 'lstm-ts\/vocabulary', got "other"/);
  assert.throws(() => Vocabulary.fromJSON({ format: 'lstm-ts/vocabulary', version: 1, level: 'char', lower: false, tokens: ['a', 'a'] }), /has "a" twice/);
  assert.throws(() => Vocabulary.fromJSON({ format: 'lstm-ts/vocabulary', version: 1, level: 'char', lower: false, tokens: ['ab'] }), /tokens\[0\]' expected a single character/);
  assert.throws(() => Vocabulary.fromJSON(null), /argument 'json' expected an object .* got null/);
});

test('decodeAfter continues a prompt: words get the separator decode would put, characters none', () => {
  const words = Vocabulary.fromText('the lazy dog . ( a ) fox', { level: 'word' });
  const dog = words.encode('dog');
  assert.equal(words.decodeAfter('the lazy', dog), ' dog', 'a space between two words');
  assert.equal(words.decodeAfter('the lazy ', dog), 'dog', 'the prompt already ends in a space');
  assert.equal(words.decodeAfter('the lazy\n', dog), 'dog');
  assert.equal(words.decodeAfter('the lazy', words.encode('. fox')), '. fox', 'no space before closing punctuation');
  assert.equal(words.decodeAfter('a (', dog), 'dog', 'no space after an opening bracket');
  assert.equal(words.decodeAfter('the lazy', []), '', 'nothing generated, nothing added');
  assert.equal(words.decodeAfter('', dog), 'dog');
  assert.equal('the lazy' + words.decodeAfter('the lazy', words.encode('dog . fox')), 'the lazy dog. fox');
  const chars = Vocabulary.fromText('the lazy dog');
  assert.equal(chars.decodeAfter('the la', chars.encode('zy')), 'zy', 'characters concatenate as before');
});

test('unknownTokens lists the distinct tokens of a text outside the vocabulary, in order', () => {
  const chars = Vocabulary.fromText('abc');
  assert.deepEqual(chars.unknownTokens('a@b#@c'), ['@', '#']);
  assert.deepEqual(chars.unknownTokens('abc'), []);
  assert.deepEqual(chars.unknownTokens('\uFFFD'), ['\uFFFD'], 'the unknown token itself is not a known token');
  const words = Vocabulary.fromText('the dog', { level: 'word', lower: true });
  assert.deepEqual(words.unknownTokens('The cat and the Cat'), ['cat', 'and']);
});

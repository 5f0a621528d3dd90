/**
 * spaCy's English tokenizer exceptions ("special cases"), keyed by the exact chunk text and
 * giving the ORTH of each piece.
 *
 * The word lists, emoticons and the URL pattern are copied from spaCy v3.8 (identical in
 * v3.5–v3.8), MIT licence, Copyright (C) 2016-2024 ExplosionAI GmbH, 2016 spaCy GmbH,
 * 2015 Matthew Honnibal:
 * - `spacy/lang/tokenizer_exceptions.py` (BASE_EXCEPTIONS, emoticons, URL_PATTERN; the URL
 *   pattern credits Diego Perini, MIT licence),
 * - `spacy/lang/en/tokenizer_exceptions.py` (the generated English exceptions),
 * - `spacy/util.py` (`update_exc` / `expand_exc`: every key with `'` also gets a `’` twin).
 * The generation loops are re-expressed here; only ORTH matters for tokenization, so NORM
 * values are omitted.
 */

const title = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** BASE_EXCEPTIONS (language-independent). */
function baseExceptions(): Map<string, string[]> {
  const exc = new Map<string, string[]>();
  for (const orth of [' ', '\t', '\\t', '\n', '\\n', '\u2014', '\u00a0']) exc.set(orth, [orth]);
  const singles = ["'", '\\")', '<space>', "''", 'C++'];
  for (const letter of 'abcdefghijklmnopqrstuvwxyzäöü') singles.push(`${letter}.`);
  for (const orth of singles) exc.set(orth, [orth]);
  for (const orth of EMOTICONS.split(/\s+/u)) if (orth !== '') exc.set(orth, [orth]);
  for (const u of 'cfkCFK') exc.set(`°${u}.`, ['°', u, '.']);
  return exc;
}

// The emoticon set, one per whitespace-separated item (tokenizer_exceptions.py).
const EMOTICONS = String.raw`
:) :-) :)) :-)) :))) :-))) (: (-: =) (= :] :-] [: [-: [= =] :o) (o: :} :-} 8) 8-) (-8 ;) ;-)
(; (-; :( :-( :(( :-(( :((( :-((( ): )-: =( >:( :') :'-) :'( :'-( :/ :-/ =/ =| :| :-| ]= =[
:1 :P :-P :p :-p :O :-O :o :-o :0 :-0 :() >:o :* :-* :3 :-3 =3 :> :-> :X :-X :x :-x :D :-D
;D ;-D =D xD XD xDD XDD 8D 8-D ^_^ ^__^ ^___^ >.< >.> <.< ._. ;_; -_- -__- v.v V.V v_v V_V
o_o o_O O_o O_O 0_o o_0 0_0 o.O O.o O.O o.o 0.0 o.0 0.o @_@ <3 <33 <333 </3 (^_^) (-_-)
(._.) (>_<) (*_*) (¬_¬) ಠ_ಠ ಠ︵ಠ (ಠ_ಠ) ¯\(ツ)/¯ (╯°□°）╯︵┻━┻ ><(((*>
`;

const EXCLUDE = [
  'Ill',
  'ill',
  'Its',
  'its',
  'Hell',
  'hell',
  'Shell',
  'shell',
  'Shed',
  'shed',
  'were',
  'Were',
  'Well',
  'well',
  'Whore',
  'whore',
];

/** The English `_exc` table, before exclusions (spacy/lang/en/tokenizer_exceptions.py). */
function englishExceptions(): Map<string, string[]> {
  const exc = new Map<string, string[]>();
  const add = (...pieces: string[]): void => void exc.set(pieces.join(''), pieces);

  // Pronouns
  for (const orth of ['i', 'I']) {
    add(orth, "'m");
    add(orth, 'm');
    add(orth, "'m", 'a');
    add(orth, 'm', 'a');
  }
  for (const pron of ['i', 'you', 'he', 'she', 'it', 'we', 'they']) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'ll");
      add(orth, 'll');
      add(orth, "'ll", "'ve");
      add(orth, 'll', 've');
      add(orth, "'d");
      add(orth, 'd');
      add(orth, "'d", "'ve");
      add(orth, 'd', 've');
    }
  }
  for (const pron of ['i', 'you', 'we', 'they']) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'ve");
      add(orth, 've');
    }
  }
  for (const pron of ['you', 'we', 'they']) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'re");
      add(orth, 're');
    }
  }
  for (const pron of ['he', 'she', 'it']) {
    for (const orth of [pron, title(pron)]) {
      add(orth, "'s");
      add(orth, 's');
    }
  }

  // W-words, relative pronouns, prepositions etc.; morph: s = singular, p = plural, '' = none
  const wWords: [string, string][] = [
    ['who', ''],
    ['what', ''],
    ['when', ''],
    ['where', ''],
    ['why', ''],
    ['how', ''],
    ['there', ''],
    ['that', 's'],
    ['this', 's'],
    ['these', 'p'],
    ['those', 'p'],
  ];
  for (const [word, morph] of wWords) {
    for (const orth of [word, title(word)]) {
      if (morph !== 'p') {
        add(orth, "'s");
        add(orth, 's');
      }
      add(orth, "'ll");
      add(orth, 'll');
      add(orth, "'ll", "'ve");
      add(orth, 'll', 've');
      if (morph !== 's') {
        add(orth, "'re");
        add(orth, 're');
        add(orth, "'ve");
        add(orth, 've');
      }
      add(orth, "'d");
      add(orth, 'd');
      add(orth, "'d", "'ve");
      add(orth, 'd', 've');
    }
  }

  // Verbs
  const modals = [
    'ca',
    'could',
    'do',
    'does',
    'did',
    'had',
    'may',
    'might',
    'must',
    'need',
    'ought',
  ];
  modals.push('sha', 'should', 'wo', 'would');
  for (const verb of modals) {
    for (const orth of [verb, title(verb)]) {
      add(orth, "n't");
      add(orth, 'nt');
      add(orth, "n't", "'ve");
      add(orth, 'nt', 've');
    }
  }
  for (const verb of ['could', 'might', 'must', 'should', 'would']) {
    for (const orth of [verb, title(verb)]) {
      add(orth, "'ve");
      add(orth, 've');
    }
  }
  for (const verb of ['ai', 'are', 'is', 'was', 'were', 'have', 'has', 'dare']) {
    for (const orth of [verb, title(verb)]) {
      add(orth, "n't");
      add(orth, 'nt');
    }
  }

  // Other contractions with trailing apostrophe
  for (const word of ['doin', 'goin', 'nothin', 'nuthin', 'ol', 'somethin']) {
    for (const orth of [word, title(word)]) {
      add(orth);
      add(`${orth}'`);
    }
  }
  // Other contractions with leading apostrophe
  for (const word of ['em', 'll', 'nuff']) {
    add(word);
    add(`'${word}`);
  }

  // Times
  for (let h = 1; h <= 12; h++) {
    for (const period of ['a.m.', 'am', 'p.m.', 'pm']) add(String(h), period);
  }

  // Rest
  add("y'", 'all');
  add('y', 'all');
  add('how', "'d", "'y");
  add('How', "'d", "'y");
  add('not', "'ve");
  add('not', 've');
  add('Not', "'ve");
  add('Not', 've');
  add('can', 'not');
  add('Can', 'not');
  add('gon', 'na');
  add('Gon', 'na');
  add('got', 'ta');
  add('Got', 'ta');
  add('let', "'s");
  add('Let', "'s");
  add("c'm", 'on');
  add("C'm", 'on');

  for (const orth of SINGLE_TOKEN_EN.split(/\s+/u)) if (orth !== '') add(orth);

  for (const orth of EXCLUDE) exc.delete(orth);
  return exc;
}

// Single-token English exceptions (abbreviations and colloquialisms), in spaCy's order.
const SINGLE_TOKEN_EN = String.raw`
'S 's ‘S ‘s and/or w/o 're 'Cause 'cause 'cos 'Cos 'coz 'Coz 'cuz 'Cuz 'bout ma'am Ma'am
o'clock O'clock lovin' Lovin' lovin Lovin havin' Havin' havin Havin doin' Doin' doin Doin
goin' Goin' goin Goin Mt. Ak. Ala. Apr. Ariz. Ark. Aug. Calif. Colo. Conn. Dec. Del. Feb.
Fla. Ga. Ia. Id. Ill. Ind. Jan. Jul. Jun. Kan. Kans. Ky. La. Mar. Mass. Mich. Minn. Miss.
N.C. N.D. N.H. N.J. N.M. N.Y. Neb. Nebr. Nev. Nov. Oct. Okla. Ore. Pa. S.C. Sep. Sept. Tenn.
Va. Wash. Wis.
'd a.m. Adm. Bros. co. Co. Corp. D.C. Dr. e.g. E.g. E.G. Gen. Gov. i.e. I.e. I.E. Inc. Jr.
Ltd. Md. Messrs. Mo. Mont. Mr. Mrs. Ms. p.m. Ph.D. Prof. Rep. Rev. Sen. St. vs. v.s.
`;

/**
 * All special cases of spaCy's `blank("en")` tokenizer: BASE_EXCEPTIONS updated with the
 * English table, then every key containing `'` duplicated with `’` (update_exc / expand_exc).
 */
export function buildSpecialCases(): Map<string, readonly string[]> {
  const exc = baseExceptions();
  for (const [key, pieces] of englishExceptions()) exc.set(key, pieces);
  const out = new Map<string, readonly string[]>(exc);
  for (const [key, pieces] of exc) {
    if (key.includes("'")) {
      out.set(
        key.replaceAll("'", '’'),
        pieces.map((p) => p.replaceAll("'", '’')),
      );
    }
  }
  return out;
}

/**
 * URL_PATTERN from spacy/lang/tokenizer_exceptions.py, translated to a JS `u` regex:
 * Python's Unicode `\w` → `[\p{L}\p{N}_]`, `\d` → `\p{Nd}`, `\S` → not Python-`isspace()`,
 * and `[ALPHA_LOWER]` is passed in as a class body. `[\u00a1-\uffff]` stays BMP-only, as in
 * Python.
 */
export function buildUrlPattern(alphaLowerClass: string): RegExp {
  const S = String.raw`[^\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]`;
  const d = String.raw`\p{Nd}`;
  const src =
    String.raw`^` +
    // protocol identifier
    String.raw`(?:(?:[\p{L}\p{N}_\+\-\.]{2,})://)?` +
    // mailto:user or user:pass authentication
    String.raw`(?:${S}+(?::${S}*)?@)?` +
    String.raw`(?:` +
    // IP address exclusion: private & local networks
    String.raw`(?!(?:10|127)(?:\.${d}{1,3}){3})` +
    String.raw`(?!(?:169\.254|192\.168)(?:\.${d}{1,3}){2})` +
    String.raw`(?!172\.(?:1[6-9]|2${d}|3[0-1])(?:\.${d}{1,3}){2})` +
    // IP address dotted notation octets
    String.raw`(?:[1-9]${d}?|1${d}${d}|2[01]${d}|22[0-3])` +
    String.raw`(?:\.(?:1?${d}{1,2}|2[0-4]${d}|25[0-5])){2}` +
    String.raw`(?:\.(?:[1-9]${d}?|1${d}${d}|2[0-4]${d}|25[0-4]))` +
    String.raw`|` +
    // host & domain names
    String.raw`(?:(?:[A-Za-z0-9\u00a1-\uffff][A-Za-z0-9\u00a1-\uffff_\-]{0,62})?[A-Za-z0-9\u00a1-\uffff]\.)+` +
    // TLD identifier
    String.raw`(?:[${alphaLowerClass}]{2,63})` +
    String.raw`)` +
    // port number
    String.raw`(?::${d}{2,5})?` +
    // resource path
    String.raw`(?:[/?#]${S}*)?` +
    String.raw`$`;
  return new RegExp(src, 'u');
}

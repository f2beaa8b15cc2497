// Turns a YAML syntax error into what a moderator should change on that line, with the fixed line when it can.

/** `  - quote: value` or `    quote: value`: a field and its value on one line. */
const FIELD_LINE = /^(\s*(?:-\s+)?)([\w-]+):[ \t]+(.*?)\s*$/;
/** `  - value`: an item of a list. */
const ITEM_LINE = /^(\s*-\s+)(.*?)\s*$/;

/**
 * A plain YAML value may not start with these (quote marks, brackets, YAML's indicator characters), nor
 * contain ": " or " #": such a value has to be quoted as a whole.
 */
const NEEDS_QUOTES = /^["'[\]{}*&!|>%@`,?]|: | #/;

/** The value wrapped in single quotes, YAML's literal form: nothing inside is special except ' itself, written ''. */
export function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** The line's value and the line rewritten with it in single quotes, when quoting is what it needs; else null. */
function quotedLine(line: string): { value: string; fixed: string } | null {
  const field = FIELD_LINE.exec(line);
  const item = field ? null : ITEM_LINE.exec(line);
  const lead = field ? `${field[1]}${field[2]}: ` : (item?.[1] ?? '');
  const value = field ? field[3] : item?.[2];
  if (!value || !NEEDS_QUOTES.test(value) || isQuotedWhole(value)) return null;
  return { value, fixed: `${lead}${singleQuoted(value)}`.trim() };
}

/** A value already quoted from its first character to its last (then the problem is elsewhere). */
function isQuotedWhole(value: string): boolean {
  return /^'(?:[^']|'')*'$/.test(value) || /^"(?:[^"\\]|\\.)*"$/.test(value);
}

function whyQuote(value: string): string {
  if (/^["']/.test(value)) return 'a value that starts with a quote mark';
  if (value.includes(': ')) return 'a value with ": " in it';
  if (value.includes(' #')) return 'a value with " #" in it';
  return `a value that starts with "${value[0]}"`;
}

/**
 * What to do about a YAML error, by the parser's error code and the text of the line it points at.
 * `code` is the yaml package's code (UNEXPECTED_TOKEN, TAB_AS_INDENT, ...).
 */
export function yamlFixHint(code: string, message: string, line: string): string {
  const quoted = quotedLine(line);
  if (quoted !== null && ['UNEXPECTED_TOKEN', 'BAD_SCALAR_START', 'BLOCK_AS_IMPLICIT_KEY', 'MISSING_CHAR'].includes(code)) {
    return `${whyQuote(quoted.value)} must be wrapped in single quotes (any ' inside written twice): write the line as ${quoted.fixed}`;
  }
  switch (code) {
    case 'TAB_AS_INDENT':
      return 'indent with spaces, not tabs';
    case 'DUPLICATE_KEY':
      return 'a field is written twice here; keep one of them';
    case 'MULTILINE_IMPLICIT_KEY':
      return /^\s*(?:-\s+)?[\w-]+:\S/.test(line)
        ? 'put a space after the colon, like "id: who-said-it"'
        : 'a field name must be on one line, followed by a colon and a space';
    case 'BAD_INDENT':
    case 'MISSING_CHAR':
      if (/closing/i.test(message)) return 'a quote mark that opens a value must close it; or wrap the whole value in single quotes';
      return 'check the indentation: the fields of an entry line up under its "id:", and list items start with "- "';
    default:
      return 'check the quoting and indentation of this line; a value with a quote mark, ": " or " #" in it goes in single quotes';
  }
}

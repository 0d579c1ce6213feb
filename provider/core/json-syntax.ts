/**
 * Parsing untrusted JSON without quoting it back. V8's SyntaxError messages quote the text around the error
 * ("Unexpected token 'a', "{"keys": [ab..." is not valid JSON"), and that text may be a response body that
 * holds a token, or a file that holds a key. The error here says where the text breaks instead: line,
 * column and offset.
 */
import { JsonSyntaxError } from "../errors/input";

/**
 * `JSON.parse`, with a {@link JsonSyntaxError} that gives the position and no text on failure.
 *
 * @example
 * parseJsonText('{"keys": [ab]}') // throws: not valid JSON at line 1, column 12 (offset 11 of 14 characters)
 */
export function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new JsonSyntaxError(text, jsonErrorOffset(text));
  }
}

const DIGIT = /^[0-9]$/;
const HEX = /^[0-9a-fA-F]$/;

/**
 * Offset of the first character where `text` stops being JSON (RFC 8259), found by a small recursive scanner
 * because V8 gives a position for only some errors. Undefined when the scanner finds none or nests too deep.
 */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const fail = (): never => {
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- the scanner's own control flow: the offset, caught below
    throw i;
  };
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const string = () => {
    i++; // the opening quote
    while (i < text.length) {
      const c = text[i];
      if (c === '"') return void i++;
      if (c === "\\") {
        const next = text[i + 1];
        i++; // V8 reports a bad escape at the character after the backslash
        if (next !== undefined && '"\\/bfnrt'.includes(next)) i++;
        else if (next === "u") {
          i++;
          for (let k = 0; k < 4; k++, i++) if (!HEX.test(text[i] ?? "")) fail();
        } else fail();
      } else if (c.charCodeAt(0) < 0x20) fail();
      else i++;
    }
    fail();
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === "{" || c === "[") {
      const close = c === "{" ? "}" : "]";
      i++;
      ws();
      if (text[i] === close) return void i++;
      for (;;) {
        if (c === "{") {
          ws();
          if (text[i] !== '"') fail();
          string();
          ws();
          if (text[i] !== ":") fail();
          i++;
        }
        value();
        ws();
        if (text[i] === ",") i++;
        else if (text[i] === close) return void i++;
        else fail();
      }
    }
    if (c === '"') return string();
    const literal = c === "t" ? "true" : c === "f" ? "false" : c === "n" ? "null" : undefined;
    if (literal) {
      for (const expected of literal)
        if (text[i++] !== expected) {
          i--; // V8 stops at the first wrong letter
          fail();
        }
      return;
    }
    // By hand rather than by regular expression, to stop where V8 does: "[1.]" breaks after the dot.
    const digits = () => {
      if (!DIGIT.test(text[i] ?? "")) fail();
      while (DIGIT.test(text[i] ?? "")) i++;
    };
    if (text[i] === "-") i++;
    if (text[i] === "0") i++;
    else digits();
    if (text[i] === ".") {
      i++;
      digits();
    }
    if (text[i] === "e" || text[i] === "E") {
      i++;
      if (text[i] === "+" || text[i] === "-") i++;
      digits();
    }
  };
  try {
    value();
    ws();
    if (i < text.length) fail();
    return undefined;
  } catch (stop) {
    if (typeof stop === "number") return stop;
    return undefined; // RangeError: nested deeper than the stack allows
  }
}

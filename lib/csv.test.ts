import { describe, expect, it } from "vitest";
import { csvCell, csvRow } from "./csv";

describe("CSV cells", () => {
  it("quotes only what RFC 4180 requires, doubling quotes", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rlf")).toBe('"cr\rlf"');
    expect(csvCell(null)).toBe("");
    expect(csvCell(42)).toBe("42");
  });

  it("neutralises formula injection at the start of a text cell", () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("-2+3")).toBe("'-2+3");
    expect(csvCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvCell("\t=1")).toBe("'\t=1");
    expect(csvCell("a=b")).toBe("a=b");
    expect(csvCell("O'Brien")).toBe("O'Brien");
  });

  it("neutralises a formula behind leading whitespace", () => {
    expect(csvCell(" =1+1")).toBe("' =1+1");
    expect(csvCell("  +1")).toBe("'  +1");
    expect(csvCell("\t\t-2")).toBe("'\t\t-2");
    expect(csvCell(" @SUM(A1)")).toBe("' @SUM(A1)");
    expect(csvCell("\u00a0=1")).toBe("'\u00a0=1");
    expect(csvCell(" plain")).toBe(" plain");
    expect(csvCell("  a-b")).toBe("  a-b");
  });

  it("neutralises a cell starting with a line feed", () => {
    expect(csvCell("\nx")).toBe('"\'\nx"');
    expect(csvCell("\r\n=1")).toBe('"\'\r\n=1"');
  });

  it("neutralises the full-width formula signs, also behind whitespace", () => {
    for (const sign of ["\uFF1D", "\uFF0B", "\uFF0D", "\uFF20"]) {
      expect(csvCell(`${sign}1`)).toBe(`'${sign}1`);
      expect(csvCell(` ${sign}1`)).toBe(`' ${sign}1`);
      expect(csvCell(`\u3000${sign}1`)).toBe(`'\u3000${sign}1`);
      expect(csvCell(`a${sign}1`)).toBe(`a${sign}1`);
    }
  });

  it("ends every row with CRLF", () => {
    expect(csvRow(["a", 1, null, "x,y"])).toBe('a,1,,"x,y"\r\n');
  });
});

using System.Text;

namespace Courier.Sandbox.Drive;

/// <summary>
/// Drive's <c>q</c> for the forms Courier uses: <c>'id' in parents</c>, <c>trashed = true|false</c>, <c>mimeType = | != '…'</c>,
/// <c>name = | != '…'</c>, <c>appProperties has { key='k' and value='v' }</c>, joined by <c>and</c>/<c>or</c>/<c>not</c> and
/// parentheses. Strings use <c>'</c> with <c>\'</c> and <c>\\</c> escapes. Anything else throws <see cref="FormatException"/>.
/// </summary>
internal sealed class DriveQuery
{
    private readonly Func<DriveFile, bool> predicate;

    private DriveQuery(Func<DriveFile, bool> predicate) => this.predicate = predicate;

    public static DriveQuery All { get; } = new(_ => true);

    public bool Matches(DriveFile file) => predicate(file);

    public static DriveQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return All;
        }

        var parser = new Parser(Tokenize(text));
        var result = parser.ParseOr();
        return parser.AtEnd ? new DriveQuery(result) : throw new FormatException("unexpected text after the query");
    }

    private static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
            }
            else if (c == '\'')
            {
                var value = new StringBuilder("'");
                i++;
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw new FormatException("a string has no closing quote");
                    }

                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        value.Append(text[i + 1]);
                        i += 2;
                    }
                    else if (text[i] == '\'')
                    {
                        i++;
                        break;
                    }
                    else
                    {
                        value.Append(text[i++]);
                    }
                }

                tokens.Add(value.ToString());
            }
            else if (c == '!' && i + 1 < text.Length && text[i + 1] == '=')
            {
                tokens.Add("!=");
                i += 2;
            }
            else if (c is '=' or '(' or ')' or '{' or '}')
            {
                tokens.Add(c.ToString());
                i++;
            }
            else if (char.IsLetterOrDigit(c))
            {
                var start = i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(text[start..i]);
            }
            else
            {
                throw new FormatException($"unexpected '{c}'");
            }
        }

        return tokens;
    }

    private sealed class Parser(List<string> tokens)
    {
        private int position;

        public bool AtEnd => position >= tokens.Count;

        public Func<DriveFile, bool> ParseOr()
        {
            var left = ParseAnd();
            while (Accept("or"))
            {
                var (a, b) = (left, ParseAnd());
                left = f => a(f) || b(f);
            }

            return left;
        }

        private Func<DriveFile, bool> ParseAnd()
        {
            var left = ParseUnary();
            while (Accept("and"))
            {
                var (a, b) = (left, ParseUnary());
                left = f => a(f) && b(f);
            }

            return left;
        }

        private Func<DriveFile, bool> ParseUnary()
        {
            if (Accept("not"))
            {
                var inner = ParseUnary();
                return f => !inner(f);
            }

            if (Accept("("))
            {
                var inner = ParseOr();
                Expect(")");
                return inner;
            }

            return ParseTerm();
        }

        private Func<DriveFile, bool> ParseTerm()
        {
            var first = Next();
            if (first.StartsWith('\''))
            {
                Expect("in");
                Expect("parents");
                var id = first[1..];
                return f => f.ParentId == id;
            }

            if (first == "appProperties")
            {
                Expect("has");
                Expect("{");
                Expect("key");
                Expect("=");
                var key = String();
                Expect("and");
                Expect("value");
                Expect("=");
                var value = String();
                Expect("}");
                return f => f.AppProperties.TryGetValue(key, out var v) && v == value;
            }

            var op = Next();
            if (op is not ("=" or "!="))
            {
                throw new FormatException($"expected = or != after {first}");
            }

            var negate = op == "!=";
            switch (first)
            {
                case "trashed":
                    var flag = Next() switch
                    {
                        "true" => true,
                        "false" => false,
                        _ => throw new FormatException("trashed takes true or false"),
                    };
                    return f => (f.Trashed == flag) != negate;
                case "mimeType":
                    var mime = String();
                    return f => (f.MimeType == mime) != negate;
                case "name":
                    var name = String();
                    return f => (f.Name == name) != negate;
                default:
                    throw new FormatException($"unsupported query term {first}");
            }
        }

        private string String()
        {
            var token = Next();
            return token.StartsWith('\'') ? token[1..] : throw new FormatException("expected a quoted string");
        }

        private string Next() => AtEnd ? throw new FormatException("the query ends too early") : tokens[position++];

        private bool Accept(string token)
        {
            if (!AtEnd && tokens[position] == token)
            {
                position++;
                return true;
            }

            return false;
        }

        private void Expect(string token)
        {
            if (!Accept(token))
            {
                throw new FormatException($"expected {token}");
            }
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Courier.Sandbox.Airtable;

/// <summary>
/// A small parser and evaluator of Airtable's <c>filterByFormula</c>: braced field names (<c>\}</c> escapes a brace), strings in
/// <c>'…'</c> or <c>"…"</c> with backslash escapes, numbers, <c>AND</c>/<c>OR</c>/<c>NOT</c>/<c>BLANK()</c>/<c>TRUE()</c>/<c>FALSE()</c>,
/// parentheses, and <c>=</c> / <c>!=</c> comparisons. Anything else is refused as Airtable refuses it (422 INVALID_FILTER_BY_FORMULA).
/// </summary>
internal sealed class AirtableFormula
{
    private readonly Node root;

    private AirtableFormula(Node root, IReadOnlyList<string> fields)
    {
        this.root = root;
        Fields = fields;
    }

    /// <summary>The field names the formula reads, as written.</summary>
    public IReadOnlyList<string> Fields { get; }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> with a short reason.</summary>
    public static AirtableFormula Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new Parser(text);
        var node = parser.ParseExpression();
        parser.SkipSpace();
        if (!parser.AtEnd)
        {
            throw new FormatException($"unexpected '{text[parser.Position]}' at position {parser.Position}");
        }

        return new AirtableFormula(node, parser.FieldNames);
    }

    /// <summary>True when the record matches: the formula's value is truthy (not blank, 0, false or empty).</summary>
    public bool Matches(IReadOnlyDictionary<string, JsonNode?> fields) => Truthy(root.Evaluate(fields));

    private static bool Truthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        double d => d != 0,
        string s => s.Length > 0,
        IReadOnlyList<string> list => list.Count > 0,
        _ => true,
    };

    /// <summary>Airtable's loose equality: blank equals empty text, false and 0; booleans compare as 1/0; lists as their joined text.</summary>
    private static bool Equal(object? left, object? right)
    {
        if (left is null || right is null)
        {
            var other = left ?? right;
            return other is null || !Truthy(other);
        }

        return (Normalize(left), Normalize(right)) switch
        {
            (double a, double b) => a == b,
            (string a, string b) => string.Equals(a, b, StringComparison.Ordinal),
            (double a, string b) => double.TryParse(b, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == a,
            (string a, double b) => double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n == b,
            _ => false,
        };
    }

    private static object Normalize(object value) => value switch
    {
        bool b => b ? 1d : 0d,
        IReadOnlyList<string> list => string.Join(", ", list),
        _ => value,
    };

    private static object? FromJson(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                return value.GetValue<string>();
            case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                return value.GetValue<bool>();
            case JsonValue value when value.GetValueKind() == JsonValueKind.Number:
                return value.GetValue<double>();
            case JsonArray array:
                return array.Select(e => e is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : e?.ToJsonString() ?? "").ToList();
            default:
                return node.ToJsonString();
        }
    }

    private abstract record Node
    {
        public abstract object? Evaluate(IReadOnlyDictionary<string, JsonNode?> fields);
    }

    private sealed record FieldNode(string Name) : Node
    {
        public override object? Evaluate(IReadOnlyDictionary<string, JsonNode?> fields) => FromJson(fields.GetValueOrDefault(Name));
    }

    private sealed record ConstantNode(object? Value) : Node
    {
        public override object? Evaluate(IReadOnlyDictionary<string, JsonNode?> fields) => Value;
    }

    private sealed record CompareNode(Node Left, Node Right, bool Negated) : Node
    {
        public override object? Evaluate(IReadOnlyDictionary<string, JsonNode?> fields) => Equal(Left.Evaluate(fields), Right.Evaluate(fields)) != Negated;
    }

    private sealed record CallNode(string Name, IReadOnlyList<Node> Arguments) : Node
    {
        public override object? Evaluate(IReadOnlyDictionary<string, JsonNode?> fields) => Name switch
        {
            "AND" => Arguments.All(a => Truthy(a.Evaluate(fields))),
            "OR" => Arguments.Any(a => Truthy(a.Evaluate(fields))),
            "NOT" => !Truthy(Arguments[0].Evaluate(fields)),
            "TRUE" => true,
            "FALSE" => false,
            _ => null, // BLANK()
        };
    }

    private sealed class Parser(string text)
    {
        public int Position { get; private set; }

        public List<string> FieldNames { get; } = [];

        public bool AtEnd => Position >= text.Length;

        public void SkipSpace()
        {
            while (!AtEnd && char.IsWhiteSpace(text[Position]))
            {
                Position++;
            }
        }

        public Node ParseExpression()
        {
            var left = ParsePrimary();
            SkipSpace();
            if (!AtEnd && text[Position] == '=')
            {
                Position++;
                return new CompareNode(left, ParsePrimary(), Negated: false);
            }

            if (!AtEnd && text[Position] == '!' && Position + 1 < text.Length && text[Position + 1] == '=')
            {
                Position += 2;
                return new CompareNode(left, ParsePrimary(), Negated: true);
            }

            return left;
        }

        private Node ParsePrimary()
        {
            SkipSpace();
            if (AtEnd)
            {
                throw new FormatException("the formula ends too early");
            }

            var c = text[Position];
            if (c == '{')
            {
                return ParseField();
            }

            if (c is '\'' or '"')
            {
                return new ConstantNode(ParseString(c));
            }

            if (c == '(')
            {
                Position++;
                var inner = ParseExpression();
                Expect(')');
                return inner;
            }

            if (char.IsDigit(c) || c == '-' || c == '.')
            {
                var start = Position++;
                while (!AtEnd && (char.IsDigit(text[Position]) || text[Position] == '.'))
                {
                    Position++;
                }

                return double.TryParse(text[start..Position], NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? new ConstantNode(number)
                    : throw new FormatException($"'{text[start..Position]}' is not a number");
            }

            if (char.IsLetter(c))
            {
                return ParseCall();
            }

            throw new FormatException($"unexpected '{c}' at position {Position}");
        }

        private FieldNode ParseField()
        {
            Position++; // {
            var name = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("a field name has no closing '}'");
                }

                var c = text[Position++];
                if (c == '\\' && !AtEnd && text[Position] == '}')
                {
                    name.Append('}');
                    Position++;
                }
                else if (c == '}')
                {
                    break;
                }
                else
                {
                    name.Append(c);
                }
            }

            var field = name.ToString();
            FieldNames.Add(field);
            return new FieldNode(field);
        }

        private string ParseString(char quote)
        {
            Position++;
            var value = new StringBuilder();
            while (true)
            {
                if (AtEnd)
                {
                    throw new FormatException("a string has no closing quote");
                }

                var c = text[Position++];
                if (c == '\\' && !AtEnd)
                {
                    value.Append(text[Position++]);
                }
                else if (c == quote)
                {
                    return value.ToString();
                }
                else
                {
                    value.Append(c);
                }
            }
        }

        private CallNode ParseCall()
        {
            var start = Position;
            while (!AtEnd && (char.IsLetterOrDigit(text[Position]) || text[Position] == '_'))
            {
                Position++;
            }

            var name = text[start..Position].ToUpperInvariant();
            SkipSpace();
            Expect('(');
            var arguments = new List<Node>();
            SkipSpace();
            if (!AtEnd && text[Position] == ')')
            {
                Position++;
            }
            else
            {
                while (true)
                {
                    arguments.Add(ParseExpression());
                    SkipSpace();
                    if (!AtEnd && text[Position] == ',')
                    {
                        Position++;
                        continue;
                    }

                    Expect(')');
                    break;
                }
            }

            var (min, max) = name switch
            {
                "AND" or "OR" => (1, int.MaxValue),
                "NOT" => (1, 1),
                "BLANK" or "TRUE" or "FALSE" => (0, 0),
                _ => throw new FormatException($"unknown function {name}"),
            };
            return arguments.Count < min || arguments.Count > max
                ? throw new FormatException($"{name} takes {(max == int.MaxValue ? $"at least {min}" : max.ToString(CultureInfo.InvariantCulture))} argument(s)")
                : new CallNode(name, arguments);
        }

        private void Expect(char c)
        {
            SkipSpace();
            if (AtEnd || text[Position] != c)
            {
                throw new FormatException($"expected '{c}' at position {Position}");
            }

            Position++;
        }
    }
}

using System.Text;

namespace ContainerStages.Tests.Dockerfile;

/// <summary>A unified-diff-like view of two texts, line by line, for readable golden-file failures.</summary>
internal static class LineDiff
{
    public static string Format(string expected, string actual, string expectedLabel = "expected", string actualLabel = "actual", int context = 3)
    {
        string[] a = expected.Split('\n');
        string[] b = actual.Split('\n');
        var edits = Edits(a, b);

        var output = new StringBuilder();
        output.Append("--- ").Append(expectedLabel).Append('\n');
        output.Append("+++ ").Append(actualLabel).Append('\n');
        int lastPrinted = -1;
        for (int i = 0; i < edits.Count; i++)
        {
            bool nearChange = false;
            for (int k = Math.Max(0, i - context); k <= Math.Min(edits.Count - 1, i + context) && !nearChange; k++)
            {
                nearChange = edits[k].Kind != ' ';
            }

            if (!nearChange)
            {
                continue;
            }

            if (lastPrinted != i - 1)
            {
                var edit = edits[i];
                output.Append("@@ expected line ").Append(edit.OldLine ?? 0).Append(", actual line ").Append(edit.NewLine ?? 0).Append(" @@\n");
            }

            output.Append(edits[i].Kind).Append(' ').Append(Visible(edits[i].Text)).Append('\n');
            lastPrinted = i;
        }

        return output.ToString();
    }

    private static List<(char Kind, int? OldLine, int? NewLine, string Text)> Edits(string[] a, string[] b)
    {
        // Longest common subsequence of lines; the texts are small.
        var common = new int[a.Length + 1, b.Length + 1];
        for (int i = a.Length - 1; i >= 0; i--)
        {
            for (int j = b.Length - 1; j >= 0; j--)
            {
                common[i, j] = string.Equals(a[i], b[j], StringComparison.Ordinal)
                    ? common[i + 1, j + 1] + 1
                    : Math.Max(common[i + 1, j], common[i, j + 1]);
            }
        }

        var edits = new List<(char, int?, int?, string)>();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && string.Equals(a[x], b[y], StringComparison.Ordinal))
            {
                edits.Add((' ', x + 1, y + 1, a[x]));
                x++;
                y++;
            }
            else if (y == b.Length || (x < a.Length && common[x + 1, y] >= common[x, y + 1]))
            {
                edits.Add(('-', x + 1, null, a[x]));
                x++;
            }
            else
            {
                edits.Add(('+', null, y + 1, b[y]));
                y++;
            }
        }

        return edits;
    }

    // Makes the characters that differ without showing visible: CR, tabs and trailing spaces.
    private static string Visible(string line)
    {
        string shown = line.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
        int trailing = shown.Length - shown.TrimEnd(' ').Length;
        return trailing == 0 ? shown : shown.TrimEnd(' ') + new string('·', trailing);
    }
}

using System.Globalization;
using System.Text;

namespace Flotilla.Core.Stacks;

/// <summary>
/// Per-instance user data: <c>${index}</c>, <c>${name}</c> and <c>${stack}</c> are replaced; any other <c>${…}</c> is left
/// as written, because user data is usually a shell script and <c>${HOME}</c> is the shell's; <c>$${</c> writes a
/// literal <c>${</c> (Terraform's escape) for a script that needs the text <c>${index}</c> itself.
/// </summary>
public static class UserDataTemplate
{
    public static string Render(string template, string stack, string name, int index)
    {
        var builder = new StringBuilder(template.Length);
        var i = 0;
        while (i < template.Length)
        {
            if (string.CompareOrdinal(template, i, "$${", 0, 3) == 0)
            {
                builder.Append("${");
                i += 3;
                continue;
            }

            if (string.CompareOrdinal(template, i, "${", 0, 2) == 0)
            {
                var end = template.IndexOf('}', i + 2);
                var key = end < 0 ? null : template[(i + 2)..end].Trim();
                var value = key switch
                {
                    "index" => index.ToString(CultureInfo.InvariantCulture),
                    "name" => name,
                    "stack" => stack,
                    _ => null,
                };
                if (value is not null)
                {
                    builder.Append(value);
                    i = end + 1;
                    continue;
                }
            }

            builder.Append(template[i]);
            i++;
        }

        return builder.ToString();
    }
}

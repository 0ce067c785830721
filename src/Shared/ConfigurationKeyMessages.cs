using Microsoft.Extensions.Options;

namespace Withings.Sdk;

/// <summary>
/// Makes the failures of a generated options validator name the configuration key the documentation promises
/// (<c>Withings:Receiver:QueueCapacity: must be between 1 and 2147483647.</c>) instead of the C# property
/// (<c>QueueCapacity: The field WithingsReceiverOptions.QueueCapacity must be…</c>). Compiled into each package.
/// </summary>
/// <remarks>
/// The generator writes each failure as <c>Member: message</c>, the message naming the member by its display name,
/// <c>TypeName.Member</c> (<c>TypeName.Section.Member</c> for nested sections), when it is called without an options
/// name. That display name is replaced by the key, and the data annotations' "The field X …" and "The X field is
/// required." read "key: …". Failures that do not name the type, such as those of the custom validators, which name
/// their keys already, are kept as they are.
/// </remarks>
internal static class ConfigurationKeyMessages
{
    /// <summary>The failures of <paramref name="result"/>, each naming its key under <paramref name="section"/>.</summary>
    /// <param name="result">What the generated validator returned, called with a <see langword="null"/> name.</param>
    /// <param name="typeName">The options type's name, which the generated display names start with.</param>
    /// <param name="section">The section the type is bound from, for example <c>Withings:Receiver</c>.</param>
    public static ValidateOptionsResult Rewrite(ValidateOptionsResult result, string typeName, string section)
    {
        if (!result.Failed || result.Failures is null)
        {
            return result;
        }

        return ValidateOptionsResult.Fail(result.Failures.Select(failure => Rewrite(failure, typeName, section)).ToList());
    }

    /// <summary>One failure, naming its key; unchanged when it does not name <paramref name="typeName"/>.</summary>
    public static string Rewrite(string failure, string typeName, string section)
    {
        var marker = typeName + ".";
        var start = failure.IndexOf(marker, StringComparison.Ordinal);
        if (start < 0)
        {
            return failure;
        }

        var end = start + marker.Length;
        while (end < failure.Length && (char.IsLetterOrDigit(failure[end]) || failure[end] is '_' or '.'))
        {
            end++;
        }

        // A sentence's full stop right after the name is not part of it.
        while (failure[end - 1] == '.')
        {
            end--;
        }

        var displayName = failure.Substring(start, end - start);
        var path = displayName.Substring(marker.Length);
        var key = section + ":" + path.Replace('.', ':');

        // Drop the generator's "Member: " prefix: the key says it, with its section.
        var member = path.Substring(path.LastIndexOf('.') + 1);
        var message = failure.StartsWith(member + ": ", StringComparison.Ordinal) ? failure.Substring(member.Length + 2) : failure;
        message = message.Replace(displayName, key);

        var field = "The field " + key + " ";
        if (message.StartsWith(field, StringComparison.Ordinal))
        {
            return key + ": " + message.Remove(0, field.Length);
        }

        if (message == "The " + key + " field is required.")
        {
            return key + ": is required.";
        }

        return message.StartsWith(key, StringComparison.Ordinal) ? message : key + ": " + message;
    }
}

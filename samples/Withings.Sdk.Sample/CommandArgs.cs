namespace Withings.Sdk.Sample;

/// <summary>A command's arguments: <c>--name value</c> options, <c>--flag</c> switches and positional values.</summary>
internal sealed class CommandArgs
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly List<string> _positional = [];
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    public CommandArgs(IReadOnlyList<string> args, params string[] flags)
    {
        Raw = args;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Length > 2)
            {
                var eq = arg.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0)
                {
                    _options[arg[..eq]] = arg[(eq + 1)..];
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    _options[arg] = args[++i];
                }
                else
                {
                    _options[arg] = null;
                }
            }
            else
            {
                _positional.Add(arg);
            }
        }
    }

    public IReadOnlyList<string> Raw { get; }

    public IReadOnlyList<string> Positional => _positional;

    /// <summary>Whether <c>--help</c> or <c>-h</c> was given; <c>-h</c> counts only where it is no option's value.</summary>
    public bool HelpRequested => _options.ContainsKey("--help") || _positional.Contains("-h");

    /// <summary>Whether a switch such as <c>--batch</c> was given. A switch never takes a value, so one that
    /// swallowed the next word gives it back as a positional value.</summary>
    public bool Flag(string name)
    {
        if (!_options.TryGetValue(name, out var value))
        {
            return false;
        }

        if (value is not null && !_read.Contains(name))
        {
            _positional.Add(value);
        }

        _read.Add(name);
        _options[name] = null;
        return true;
    }

    public string? Option(string name)
    {
        if (!_options.TryGetValue(name, out var value))
        {
            return null;
        }

        _read.Add(name);
        return value ?? throw new CommandLineException($"{name} needs a value");
    }

    public long? LongOption(string name)
    {
        var text = Option(name);
        if (text is null)
        {
            return null;
        }

        return long.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new CommandLineException($"{name}: '{text}' is not a number");
    }

    /// <summary>A Redis address, <c>HOST:PORT</c>, checked here so that a typo fails before anything connects.</summary>
    public string? HostAndPortOption(string name)
    {
        var text = Option(name);
        if (text is null)
        {
            return null;
        }

        var colon = text.LastIndexOf(':');
        return colon > 0 && ushort.TryParse(text.AsSpan(colon + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port > 0
            ? text
            : throw new CommandLineException($"{name}: '{text}' must be HOST:PORT, for example 127.0.0.1:6379");
    }

    /// <summary>Fails on an option the command does not know, so typos are not silently ignored.</summary>
    public void EnsureAllRead()
    {
        foreach (var name in _options.Keys)
        {
            if (!_read.Contains(name))
            {
                throw new CommandLineException($"unknown option '{name}'");
            }
        }
    }
}

internal sealed class CommandLineException(string message) : Exception(message);

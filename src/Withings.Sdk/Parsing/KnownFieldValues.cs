using System.Runtime.CompilerServices;

namespace Withings.Sdk;

/// <summary>The raw (decoded, UTF-8) values of the documented fields of one body; an empty span means absent.</summary>
internal ref struct KnownFieldValues
{
    public ReadOnlySpan<byte> Appli;
    public ReadOnlySpan<byte> UserId;
    public ReadOnlySpan<byte> StartDate;
    public ReadOnlySpan<byte> EndDate;
    public ReadOnlySpan<byte> Date;
    public ReadOnlySpan<byte> DeviceId;
    public ReadOnlySpan<byte> Action;
    public ReadOnlySpan<byte> Mac;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static KnownField Identify(ReadOnlySpan<byte> key) => key.Length switch
    {
        3 when key.SequenceEqual("mac"u8) => KnownField.Mac,
        4 when key.SequenceEqual("date"u8) => KnownField.Date,
        5 when key.SequenceEqual("appli"u8) => KnownField.Appli,
        6 when key.SequenceEqual("userid"u8) => KnownField.UserId,
        6 when key.SequenceEqual("action"u8) => KnownField.Action,
        7 when key.SequenceEqual("enddate"u8) => KnownField.EndDate,
        8 when key.SequenceEqual("deviceid"u8) => KnownField.DeviceId,
        9 when key.SequenceEqual("startdate"u8) => KnownField.StartDate,
        _ => KnownField.None,
    };

    /// <summary>Records the first non-empty value of a known field.</summary>
    /// <returns>
    /// Whether the field already had a non-empty value and this one is non-empty too: a repeat whose values the
    /// caller must compare.
    /// </returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool Set(KnownField field, ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return false;
        }

        switch (field)
        {
            case KnownField.Appli:
                if (!Appli.IsEmpty)
                {
                    return true;
                }

                Appli = value;
                return false;
            case KnownField.UserId:
                if (!UserId.IsEmpty)
                {
                    return true;
                }

                UserId = value;
                return false;
            case KnownField.StartDate:
                if (!StartDate.IsEmpty)
                {
                    return true;
                }

                StartDate = value;
                return false;
            case KnownField.EndDate:
                if (!EndDate.IsEmpty)
                {
                    return true;
                }

                EndDate = value;
                return false;
            case KnownField.Date:
                if (!Date.IsEmpty)
                {
                    return true;
                }

                Date = value;
                return false;
            case KnownField.DeviceId:
                if (!DeviceId.IsEmpty)
                {
                    return true;
                }

                DeviceId = value;
                return false;
            case KnownField.Action:
                if (!Action.IsEmpty)
                {
                    return true;
                }

                Action = value;
                return false;
            case KnownField.Mac:
                if (!Mac.IsEmpty)
                {
                    return true;
                }

                Mac = value;
                return false;
            default:
                return false;
        }
    }
}

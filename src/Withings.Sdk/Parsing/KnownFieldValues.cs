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

    /// <summary>Records the first non-empty value of a known field; later equal duplicates were already checked.</summary>
    public void Set(KnownField field, ReadOnlySpan<byte> value)
    {
        switch (field)
        {
            case KnownField.Appli when Appli.IsEmpty: Appli = value; break;
            case KnownField.UserId when UserId.IsEmpty: UserId = value; break;
            case KnownField.StartDate when StartDate.IsEmpty: StartDate = value; break;
            case KnownField.EndDate when EndDate.IsEmpty: EndDate = value; break;
            case KnownField.Date when Date.IsEmpty: Date = value; break;
            case KnownField.DeviceId when DeviceId.IsEmpty: DeviceId = value; break;
            case KnownField.Action when Action.IsEmpty: Action = value; break;
            case KnownField.Mac when Mac.IsEmpty: Mac = value; break;
        }
    }
}

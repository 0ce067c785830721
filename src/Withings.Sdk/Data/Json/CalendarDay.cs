// A calendar day: DateOnly where the BCL has it; on netstandard2.0 a DateTime at midnight (Kind Unspecified), the
// only BCL type there that holds a day without a zone.
#if NET6_0_OR_GREATER
global using CalendarDay = System.DateOnly;
#else
global using CalendarDay = System.DateTime;
#endif

namespace Withings.Sdk;

/// <summary>
/// Stops paging that would never end: a page that says <c>more</c> must hold rows and move the <c>offset</c> forward,
/// or following it would ask for the same page again and again.
/// </summary>
internal static class PagingGuard
{
    /// <exception cref="WithingsApiException">The page has <c>more</c> and no rows, or its offset does not advance.</exception>
    public static void Check(System.Text.Json.JsonElement body, string operation, long previousOffset, long offset)
    {
        if (FetchPages.CountRows(body) == 0)
        {
            throw new WithingsApiException(
                $"{operation}: Withings said there is more (offset {offset}) on a page with no rows; reading stopped there instead of asking again.",
                operation,
                isTransient: false,
                innerException: null);
        }

        if (offset <= previousOffset)
        {
            throw new WithingsApiException(
                $"{operation}: Withings said there is more but the offset does not advance ({previousOffset} then {offset}); reading stopped there instead of asking for the same rows again.",
                operation,
                isTransient: false,
                innerException: null);
        }
    }
}

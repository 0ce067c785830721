using System.Net;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Planning;

/// <summary>The request record: equality, the exact form body, the URL and the HTTP message it becomes.</summary>
public sealed class FetchRequestTests
{
    private static readonly Uri Withings = new("https://wbsapi.withings.net");

    private static FetchRequest Getmeas(long? user = 12345) => new(user, "/measure",
    [
        new("action", "getmeas"),
        new("meastypes", "1,5,6,8,76,77,88,91"),
        new("category", "1"),
        new("startdate", "1530576000"),
        new("enddate", "1530698753"),
    ], false);

    [Test]
    public void Equals_SameFieldsInSameOrder_AreEqualWithEqualHashes()
    {
        var a = Getmeas();
        var b = Getmeas();

        a.Should().Be(b);
        (a == b).Should().BeTrue();
        a.GetHashCode().Should().Be(b.GetHashCode());
        a.Action.Should().Be("getmeas");
    }

    [Test]
    public void Equals_DifferentUserOrFieldOrderOrSigning_AreNotEqual()
    {
        var reordered = new FetchRequest(12345, "/measure",
        [
            new("action", "getmeas"),
            new("category", "1"),
            new("meastypes", "1,5,6,8,76,77,88,91"),
            new("startdate", "1530576000"),
            new("enddate", "1530698753"),
        ], false);

        Getmeas().Should().NotBe(Getmeas(99));
        Getmeas().Should().NotBe(reordered);
        Getmeas().Should().NotBe(new FetchRequest(12345, "/measure", Getmeas().Form, true));
    }

    [Test]
    public void Constructor_CopiesTheForm()
    {
        var form = new List<KeyValuePair<string, string>> { new("action", "getmeas"), new("category", "1") };
        var request = new FetchRequest(1, "/measure", form, false);

        form[1] = new("category", "2");

        request.ToFormString().Should().Be("action=getmeas&category=1");
    }

    [TestCase("measure", "path")]
    [TestCase("/", "path")]
    public void Constructor_BadPath_NamesIt(string path, string parameter)
    {
        var act = () => new FetchRequest(1, path, [new("action", "getmeas")], false);

        act.Should().Throw<ArgumentException>().WithParameterName(parameter).WithMessage($"path: '{path}' is not a service path (for example /measure).*");
    }

    [Test]
    public void Constructor_FormNotStartingWithAction_NamesTheRule()
    {
        var act = () => new FetchRequest(1, "/measure", [new("category", "1"), new("action", "getmeas")], false);

        act.Should().Throw<ArgumentException>().WithParameterName("form").WithMessage("form: the first field must be a non-empty 'action' (for example action=getmeas).*");
    }

    [Test]
    public void Constructor_EmptyForm_Throws()
    {
        var act = () => new FetchRequest(1, "/measure", [], false);

        act.Should().Throw<ArgumentException>().WithParameterName("form");
    }

    [Test]
    public void ToFormString_SeedCall_KeepsCommasLiteral()
    {
        // Withings' documented example call: meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1530576000&enddate=1530698753.
        Getmeas().ToFormString().Should().Be("action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1530576000&enddate=1530698753");
    }

    [Test]
    public void ToFormString_ReservedAndNonAsciiCharacters_ArePercentEncodedUtf8()
    {
        var request = new FetchRequest(1, "/v2/user", [new("action", "link"), new("a b&c=d", "[\"x+y/\u00e9\ud83d\ude00~\"]")], false);

        request.ToFormString().Should().Be("action=link&a%20b%26c%3Dd=%5B%22x%2By%2F%C3%A9%F0%9F%98%80~%22%5D");
    }

    [Test]
    public void ToFormString_LoneSurrogate_IsSentAsReplacementCharacter()
    {
        var request = new FetchRequest(1, "/measure", [new("action", "x\ud800")], false);

        request.ToFormString().Should().Be("action=x%EF%BF%BD");
    }

    [TestCase("https://wbsapi.withings.net", "https://wbsapi.withings.net/measure")]
    [TestCase("https://wbsapi.withings.net/", "https://wbsapi.withings.net/measure")]
    [TestCase("https://wbsapi.us.withingsmed.net", "https://wbsapi.us.withingsmed.net/measure")]
    [TestCase("http://127.0.0.1:5000/proxy/", "http://127.0.0.1:5000/proxy/measure")]
    public void GetUri_BaseAddress_IsFollowedByThePath(string baseAddress, string expected)
    {
        Getmeas().GetUri(new Uri(baseAddress)).Should().Be(new Uri(expected));
    }

    [Test]
    public void GetUri_RelativeBase_Throws()
    {
        var act = () => Getmeas().GetUri(new Uri("withings", UriKind.Relative));

        act.Should().Throw<ArgumentException>().WithParameterName("baseAddress").WithMessage("baseAddress: 'withings' is not an absolute URL*");
    }

    [Test]
    public void GetUri_BaseWithQuery_Throws()
    {
        var act = () => Getmeas().GetUri(new Uri("https://wbsapi.withings.net/?x=1"));

        act.Should().Throw<ArgumentException>().WithParameterName("baseAddress");
    }

    [Test]
    public async Task ToHttpRequestMessage_WithToken_PostsTheFormBodyWithBearer()
    {
        await using var api = await WithingsLookAlike.StartAsync();
        using var client = new HttpClient(api.CreateHandler());
        using var message = Getmeas().ToHttpRequestMessage(Withings, "token-123");

        using var response = await client.SendAsync(message);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = api.Requests.Should().ContainSingle().Subject;
        sent.Method.Should().Be("POST");
        sent.IntendedUri().Should().Be(new Uri("https://wbsapi.withings.net/measure"));
        sent.Headers["Authorization"].Should().Be("Bearer token-123");
        sent.Headers["Content-Type"].Should().Be("application/x-www-form-urlencoded");
        sent.Body.Should().Be("action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1530576000&enddate=1530698753");
    }

    [Test]
    public async Task ToHttpRequestMessage_WithoutToken_SendsNoAuthorization()
    {
        await using var api = await WithingsLookAlike.StartAsync();
        using var client = new HttpClient(api.CreateHandler());
        var link = new FetchRequest(null, "/v2/user", [new("action", "link"), new("mac_addresses", "[\"00:24:e4:aa:bb:cc\"]")], false);
        using var message = link.ToHttpRequestMessage(Withings);

        using var response = await client.SendAsync(message);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var sent = api.Requests.Should().ContainSingle().Subject;
        sent.Method.Should().Be("POST");
        sent.IntendedUri().Should().Be(new Uri("https://wbsapi.withings.net/v2/user"));
        sent.Headers.Should().NotContainKey("Authorization");
    }

    [Test]
    public void ToHttpRequestMessage_Token_IsNotKeptInTheRequest()
    {
        var request = Getmeas();
        using var message = request.ToHttpRequestMessage(Withings, "secret-token-xyz");

        request.ToString().Should().NotContain("secret-token-xyz");
        request.Form.Should().NotContain(p => p.Value.Contains("secret-token-xyz", StringComparison.Ordinal));
        request.Should().Be(Getmeas());
    }

    [Test]
    public void WithField_NewField_IsAppendedAndTheOriginalIsUnchanged()
    {
        var original = Getmeas();

        var paged = original.WithField("offset", "2");

        paged.ToFormString().Should().Be("action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1530576000&enddate=1530698753&offset=2");
        original.ToFormString().Should().Be("action=getmeas&meastypes=1,5,6,8,76,77,88,91&category=1&startdate=1530576000&enddate=1530698753");
        paged.WithField("offset", "3").GetField("offset").Should().Be("3");
        paged.WithField("offset", "3").Form.Should().HaveCount(6);
    }

    [Test]
    public void WithField_Action_Throws()
    {
        var act = () => Getmeas().WithField("action", "get");

        act.Should().Throw<ArgumentException>().WithParameterName("name");
    }

    [Test]
    public void ToString_ShowsMethodPathBodyUserAndSigning()
    {
        var signed = new FetchRequest(7, "/v2/answers", [new("action", "get"), new("userid", "7"), new("startdate", "1")], true);

        signed.ToString().Should().Be("POST /v2/answers action=get&userid=7&startdate=1 (user 7, signed)");
        new FetchRequest(null, "/v2/user", [new("action", "link")], false).ToString().Should().Be("POST /v2/user action=link (user chosen by the caller)");
    }
}

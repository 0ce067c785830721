using System.Net;
using Withings.Sdk.Testing;
using Withings.Sdk.Tests.Support;

namespace Withings.Sdk.Tests.Subscriptions;

/// <summary>The Notify wire format of docs/withings-api.md §2, over the loopback Withings look-alike.</summary>
public sealed class WithingsNotifyClientTests
{
    private const string Token = "at-4b1d2c3e9f";
    private const string Callback = "https://example.com/withings/notify?secret=s3cr3t";
    private const string EncodedCallback = "https:%2F%2Fexample.com%2Fwithings%2Fnotify%3Fsecret%3Ds3cr3t";

    private WithingsLookAlike _api = null!;
    private HttpClient _http = null!;
    private WithingsOptions _options = null!;
    private WithingsNotifyClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _api = await WithingsLookAlike.StartAsync();
        _http = new HttpClient(_api.CreateHandler());
        _options = new WithingsOptions { Retry = { BaseDelay = TimeSpan.FromMilliseconds(10) } };
        var transport = new WithingsHttpTransport(_http, () => _options, new AutoAdvancingTimeProvider(), jitter: () => 0);
        _client = new WithingsNotifyClient(transport, () => _options);
    }

    [TearDown]
    public async Task TearDown()
    {
        _http.Dispose();
        await _api.DisposeAsync();
    }

    [Test]
    public async Task SubscribeAsync_WithComment_PostsActionCallbackAppliComment()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.SubscribeAsync(Token, new Uri(Callback), NotificationCategory.Sleep, "sleep data");

        ShouldBeTheOnlyRequest("action=subscribe&callbackurl=" + EncodedCallback + "&appli=44&comment=sleep%20data");
    }

    // docs/withings-api.md §2: comment is optional, but send one.
    [TestCase(null)]
    [TestCase("")]
    public async Task SubscribeAsync_NoComment_SendsDefaultComment(string? comment)
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.SubscribeAsync(Token, new Uri(Callback), NotificationCategory.Weight, comment);

        ShouldBeTheOnlyRequest("action=subscribe&callbackurl=" + EncodedCallback + "&appli=1&comment=Withings.Sdk");
    }

    [Test]
    public async Task SubscribeAsync_CategoryOutsideTheEnum_SendsItsNumber()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.SubscribeAsync(Token, new Uri(Callback), (NotificationCategory)63, "new");

        ShouldBeTheOnlyRequest("action=subscribe&callbackurl=" + EncodedCallback + "&appli=63&comment=new");
    }

    [Test]
    public async Task GetAsync_WithAppli_PostsActionCallbackAppliAndReadsBody()
    {
        // Withings' API reference, Notify - Get: the documented response body.
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"appli":4,"callbackurl":"https://www.withings.com","comment":"My notification subcription comment"}}"""));

        var subscription = await _client.GetAsync(Token, new Uri(Callback), NotificationCategory.BloodPressure);

        ShouldBeTheOnlyRequest("action=get&callbackurl=" + EncodedCallback + "&appli=4");
        subscription.Should().Be(new NotifySubscription
        {
            Appli = NotificationCategory.BloodPressure,
            CallbackUrl = "https://www.withings.com",
            Comment = "My notification subcription comment",
        });
    }

    // Withings' API reference, Notify - Get: "If no appli is specified, appli=1 will be considered"; so none is sent.
    [Test]
    public async Task GetAsync_WithoutAppli_SendsNoAppliAndDefaultsResultToWeight()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"callbackurl":"https://www.withings.com"}}"""));

        var subscription = await _client.GetAsync(Token, new Uri(Callback));

        ShouldBeTheOnlyRequest("action=get&callbackurl=" + EncodedCallback);
        subscription.Appli.Should().Be(NotificationCategory.Weight);
        subscription.Comment.Should().BeNull();
    }

    [Test]
    public async Task ListAsync_WithoutAppli_PostsActionOnly()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));

        var profiles = await _client.ListAsync(Token);

        ShouldBeTheOnlyRequest("action=list");
        profiles.Should().BeEmpty();
    }

    [Test]
    public async Task ListAsync_WithAppli_PostsAppliFilter()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));

        await _client.ListAsync(Token, NotificationCategory.Activity);

        ShouldBeTheOnlyRequest("action=list&appli=16");
    }

    // docs/withings-api.md §2: expires is legacy and may be absent, null or an int; extra fields occur.
    [Test]
    public async Task ListAsync_ProfilesWithAnyExpires_ReadsEveryProfile()
    {
        _api.ReplyInTurn(WithingsReply.Json("""
            {"status":0,"body":{"profiles":[
              {"appli":1,"callbackurl":"https://www.withings.com","comment":"My notification subscription"},
              {"appli":44,"callbackurl":"https://example.com/a","comment":"sleep","expires":2147483647},
              {"appli":16,"callbackurl":"https://example.com/b","comment":null,"expires":null,"extra":{"x":[1,2]}},
              {"appli":"4","callbackurl":"https://example.com/c","expires":"1709368500"},
              {"appli":51,"callbackurl":"https://example.com/d","expires":"never"}
            ]}}
            """));

        var profiles = await _client.ListAsync(Token);

        profiles.Should().Equal(
            new NotifySubscription { Appli = NotificationCategory.Weight, CallbackUrl = "https://www.withings.com", Comment = "My notification subscription" },
            new NotifySubscription { Appli = NotificationCategory.Sleep, CallbackUrl = "https://example.com/a", Comment = "sleep", Expires = new DateTimeOffset(2038, 1, 19, 3, 14, 7, TimeSpan.Zero) },
            new NotifySubscription { Appli = NotificationCategory.Activity, CallbackUrl = "https://example.com/b" },
            new NotifySubscription { Appli = NotificationCategory.BloodPressure, CallbackUrl = "https://example.com/c", Expires = new DateTimeOffset(2024, 3, 2, 8, 35, 0, TimeSpan.Zero) },
            new NotifySubscription { Appli = NotificationCategory.BedOut, CallbackUrl = "https://example.com/d" });
    }

    [TestCase("""{"status":0,"body":{}}""")]
    [TestCase("""{"status":0}""")]
    [TestCase("""{"status":0,"body":{"profiles":null}}""")]
    public async Task ListAsync_NoProfiles_ReturnsEmpty(string json)
    {
        _api.ReplyInTurn(WithingsReply.Json(json));

        var profiles = await _client.ListAsync(Token);

        profiles.Should().BeEmpty();
    }

    [Test]
    public async Task RevokeAsync_WithAppli_PostsActionCallbackAppli()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.RevokeAsync(Token, new Uri(Callback), NotificationCategory.Sleep);

        ShouldBeTheOnlyRequest("action=revoke&callbackurl=" + EncodedCallback + "&appli=44");
    }

    [Test]
    public async Task RevokeAsync_WithoutAppli_SendsNoAppli()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.RevokeAsync(Token, new Uri(Callback));

        ShouldBeTheOnlyRequest("action=revoke&callbackurl=" + EncodedCallback);
    }

    // Older subscriptions may use URLs today's rules refuse; they must stay revocable.
    [Test]
    public async Task RevokeAsync_HttpCallback_IsSentUnchecked()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.RevokeAsync(Token, new Uri("http://legacy.example.com:8080/cb"), NotificationCategory.Weight);

        ShouldBeTheOnlyRequest("action=revoke&callbackurl=http:%2F%2Flegacy.example.com:8080%2Fcb&appli=1");
    }

    [Test]
    public async Task UpdateAsync_NewCallbackUrl_PostsNewCallbackurlOnly()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.UpdateAsync(Token, new Uri(Callback), NotificationCategory.Sleep, NotifyUpdate.ToCallbackUrl(new Uri("https://example.org/new")));

        ShouldBeTheOnlyRequest("action=update&callbackurl=" + EncodedCallback + "&appli=44&new_callbackurl=https:%2F%2Fexample.org%2Fnew");
    }

    [Test]
    public async Task UpdateAsync_NewAppli_PostsNewAppliOnly()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.UpdateAsync(Token, new Uri(Callback), NotificationCategory.Sleep, NotifyUpdate.ToAppli(NotificationCategory.BedIn));

        ShouldBeTheOnlyRequest("action=update&callbackurl=" + EncodedCallback + "&appli=44&new_appli=50");
    }

    [Test]
    public async Task UpdateAsync_Comment_PostsCommentOnly()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.UpdateAsync(Token, new Uri(Callback), NotificationCategory.Sleep, NotifyUpdate.WithComment("nights"));

        ShouldBeTheOnlyRequest("action=update&callbackurl=" + EncodedCallback + "&appli=44&comment=nights");
    }

    [Test]
    public async Task UpdateAsync_NewCallbackUrlBreakingARule_ThrowsBeforeSending()
    {
        var act = () => _client.UpdateAsync(Token, new Uri(Callback), NotificationCategory.Sleep, NotifyUpdate.ToCallbackUrl(new Uri("http://example.org/new")));

        (await act.Should().ThrowAsync<ArgumentException>())
            .WithMessage("change: the new callback URL uses http; Withings only calls https URLs*")
            .Which.ParamName.Should().Be("change");
        _api.Requests.Should().BeEmpty();
    }

    [Test]
    public void NotifyUpdate_EmptyComment_ThrowsNamingComment() =>
        FluentActions.Invoking(() => NotifyUpdate.WithComment(""))
            .Should().Throw<ArgumentException>().WithMessage("comment: empty; Withings needs a comment to set*");

    // docs/withings-api.md §2: https only; no IP, no localhost; port 80 or 443; at most 255 characters.
    [TestCase("http://example.com/cb", "callbackUrl uses http; Withings only calls https URLs")]
    [TestCase("https://203.0.113.7/cb", "callbackUrl uses an IP address as host; Withings needs a host name")]
    [TestCase("https://[2001:db8::1]/cb", "callbackUrl uses an IP address as host; Withings needs a host name")]
    [TestCase("https://localhost/cb", "callbackUrl points at localhost; Withings must reach it from the internet")]
    [TestCase("https://api.localhost/cb", "callbackUrl points at localhost; Withings must reach it from the internet")]
    [TestCase("https://example.com:8443/cb", "callbackUrl uses port 8443; Withings only calls ports 80 and 443")]
    [TestCase("/relative/cb", "callbackUrl is not an absolute URL; Withings needs https://host/path")]
    public async Task SubscribeAsync_CallbackBreakingARule_ThrowsNamingTheRuleBeforeSending(string url, string message)
    {
        var act = () => _client.SubscribeAsync(Token, new Uri(url, UriKind.RelativeOrAbsolute), NotificationCategory.Weight);

        (await act.Should().ThrowAsync<ArgumentException>())
            .WithMessage(message + " (WithingsOptions.Notify.ValidateCallbackUrls turns this check off for local tests)*")
            .Which.ParamName.Should().Be("callbackUrl");
        _api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task SubscribeAsync_CallbackOf256Characters_ThrowsAndKeepsTheSecretOutOfTheMessage()
    {
        var url = "https://example.com/cb?secret=" + new string('s', 226);

        var act = () => _client.SubscribeAsync(Token, new Uri(url), NotificationCategory.Weight);

        var thrown = await act.Should().ThrowAsync<ArgumentException>();
        thrown.WithMessage("callbackUrl is 256 characters long; Withings accepts at most 255*");
        thrown.Which.Message.Should().NotContain("sss");
    }

    [TestCase("https://example.com:443/cb")]
    [TestCase("https://example.com:80/cb")]
    public async Task SubscribeAsync_CallbackOf255CharactersOnAllowedPort_IsSent(string prefix)
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));
        var url = prefix + "?s=" + new string('s', 255 - prefix.Length - 3);

        await _client.SubscribeAsync(Token, new Uri(url), NotificationCategory.Weight);

        _api.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task SubscribeAsync_ValidationOff_SendsLocalHttpUrl()
    {
        _options.Notify.ValidateCallbackUrls = false;
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.SubscribeAsync(Token, new Uri("http://127.0.0.1:8080/cb"), NotificationCategory.Weight, "local");

        ShouldBeTheOnlyRequest("action=subscribe&callbackurl=http:%2F%2F127.0.0.1:8080%2Fcb&appli=1&comment=local");
    }

    [TestCase("")]
    [TestCase("  ")]
    public async Task ListAsync_EmptyToken_ThrowsBeforeSending(string token)
    {
        var act = () => _client.ListAsync(token);

        (await act.Should().ThrowAsync<ArgumentException>()).WithMessage("accessToken: empty; pass the user's OAuth access token*");
        _api.Requests.Should().BeEmpty();
    }

    [Test]
    public async Task SubscribeAsync_Status293_ThrowsInvalidParamsWithMeaningWithoutRetrying()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":293,"body":{}}"""));

        var act = () => _client.SubscribeAsync(Token, new Uri(Callback), NotificationCategory.Sleep);

        var thrown = await act.Should().ThrowAsync<WithingsApiException>();
        thrown.Which.Status.Should().Be(293);
        thrown.Which.Family.Should().Be(WithingsStatusFamily.InvalidParams);
        thrown.Which.IsTransient.Should().BeFalse();
        thrown.Which.Meaning.Should().Be("callback URL absent, invalid, or failed Withings' HEAD check");
        thrown.Which.Operation.Should().Be("notify/subscribe");
        _api.Requests.Should().HaveCount(1);
    }

    [Test]
    public async Task RevokeAsync_Status286_ThrowsNoSuchSubscription()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":286,"body":{}}"""));

        var act = () => _client.RevokeAsync(Token, new Uri(Callback), NotificationCategory.Sleep);

        (await act.Should().ThrowAsync<WithingsApiException>()).Which.Meaning.Should().Be("no such subscription");
    }

    [Test]
    public async Task SubscribeAsync_Status601TwiceThen0_SucceedsAfterTwoRetries()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":601}"""), WithingsReply.Json("""{"status":601}"""), WithingsReply.Json("""{"status":0,"body":{}}"""));

        await _client.SubscribeAsync(Token, new Uri(Callback), NotificationCategory.Sleep, "x");

        _api.Requests.Select(r => r.Body).Should().AllBe("action=subscribe&callbackurl=" + EncodedCallback + "&appli=44&comment=x");
        _api.Requests.Should().HaveCount(3);
    }

    [Test]
    public async Task ListAsync_Http500Always_ThrowsAfterMaxAttempts()
    {
        _api.ReplyInTurn(WithingsReply.Http(HttpStatusCode.InternalServerError, ""));

        var thrown = await FluentActions.Awaiting(() => _client.ListAsync(Token)).Should().ThrowAsync<WithingsApiException>();

        thrown.Which.HttpStatus.Should().Be(HttpStatusCode.InternalServerError);
        thrown.Which.Status.Should().BeNull();
        _api.Requests.Should().HaveCount(4);
    }

    [Test]
    public async Task Constructor_WithoutDependencyInjection_UsesTheGivenOptions()
    {
        _api.ReplyInTurn(WithingsReply.Json("""{"status":0,"body":{"profiles":[]}}"""));
        var client = new WithingsNotifyClient(_http, new Planning.StaticOptionsMonitor(new WithingsOptions { ApiBaseAddress = new Uri("https://wbsapi.us.withingsmed.net") }));

        await client.ListAsync(Token);

        _api.Requests.Single().IntendedUri().Should().Be(new Uri("https://wbsapi.us.withingsmed.net/notify"));
    }

    private void ShouldBeTheOnlyRequest(string body)
    {
        var request = _api.Requests.Should().ContainSingle().Subject;
        request.Method.Should().Be("POST");
        request.IntendedUri().Should().Be(new Uri("https://wbsapi.withings.net/notify"));
        request.QueryString.Should().BeEmpty();
        request.Headers["Authorization"].Should().Be("Bearer " + Token);
        request.Headers["Content-Type"].Should().Be("application/x-www-form-urlencoded");
        request.Body.Should().Be(body);
    }
}

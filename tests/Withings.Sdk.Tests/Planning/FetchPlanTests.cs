namespace Withings.Sdk.Tests.Planning;

/// <summary>The plan record: value equality over its requests and reason.</summary>
public sealed class FetchPlanTests
{
    private static FetchRequest Request(string action) => new(1, "/measure", [new("action", action)], false);

    [Test]
    public void Equals_SameRequestsInOrder_AreEqual()
    {
        var a = new FetchPlan([Request("getmeas"), Request("list")]);
        var b = new FetchPlan(new List<FetchRequest> { Request("getmeas"), Request("list") });

        a.Should().Be(b);
        a.GetHashCode().Should().Be(b.GetHashCode());
    }

    [Test]
    public void Equals_DifferentOrderOrReason_AreNotEqual()
    {
        new FetchPlan([Request("getmeas"), Request("list")]).Should().NotBe(new FetchPlan([Request("list"), Request("getmeas")]));
        new FetchPlan([], "a").Should().NotBe(new FetchPlan([], "b"));
    }

    [Test]
    public void Constructor_NullRequest_NamesItsPosition()
    {
        var act = () => new FetchPlan([Request("getmeas"), null!]);

        act.Should().Throw<ArgumentException>().WithParameterName("requests").WithMessage("requests: item 1 is null.*");
    }

    [Test]
    public void ToString_EmptyPlan_GivesTheReason()
    {
        new FetchPlan([], "appli 50 (bed in): an event with no data to fetch").ToString()
            .Should().Be("no requests: appli 50 (bed in): an event with no data to fetch");
    }
}

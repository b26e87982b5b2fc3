using Portal.Tests.FullStack;
using Xunit.Sdk;
using Xunit.v3;

[assembly: TestCollectionOrderer(typeof(Portal.Tests.Infrastructure.FullStackFirst))]

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The full-stack collection is the run's longest path (its tests run one after another on the one stack), so it starts
/// first; the other collections follow in xunit's random order. Left to that order it sometimes waited minutes for a slot.
/// </summary>
public sealed class FullStackFirst : ITestCollectionOrderer
{
    public IReadOnlyCollection<TTestCollection> OrderTestCollections<TTestCollection>(IReadOnlyCollection<TTestCollection> testCollections)
        where TTestCollection : ITestCollection
    {
        var stack = testCollections.Where(c => IsFullStack(c)).ToList();
        var others = testCollections.Where(c => !IsFullStack(c)).ToList();
        return [.. stack, .. DefaultTestCollectionOrderer.Instance.OrderTestCollections(others)];
    }

    private static bool IsFullStack(ITestCollection collection) => collection.TestCollectionDisplayName == FullStackCollection.Name;
}

using System.Runtime.CompilerServices;

namespace Portal.Tests.Infrastructure;

/// <summary>
/// The suite runs dozens of in-memory Apis and Webs in one process on two cores, where the thread pool's floor is two
/// threads. Twice the fuzz test saw every request of a moment answered after about 7 s, a request refused while its
/// JSON was read as much as one reaching the database: the whole process waiting, as it does when blocked pool
/// threads (the Data Protection key ring is read from PostgreSQL synchronously, as ASP.NET Core's repository does)
/// leave none free and new ones are added one at a time. Each production host has its process to itself; here the
/// floor is raised so that one class's blocking does not stall the servers of the others.
/// </summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 64), Math.Max(io, 64));
    }
}

using System.Runtime.CompilerServices;

namespace FinQuery.Sql.Tests;

internal static class ModuleSetup
{
    /// <summary>One DuckDB thread per engine: the tests' data is tiny, and more threads only add to each query's planning.</summary>
    [ModuleInitializer]
    internal static void OneThreadPerEngine() => DuckDbEngine.Threads = 1;
}

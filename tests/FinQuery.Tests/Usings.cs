global using Xunit;
global using static FinQuery.Tests.TestData;

namespace FinQuery.Tests.Data;

public class FileLoadingTests
{
    [Theory]
    [InlineData("missing.json")]
    [InlineData("missing.csv")]
    [InlineData("no/such/folder/data.json")]
    public void A_missing_file_is_a_data_file_error(string path)
    {
        var ex = Assert.Throws<DataFileException>(() => Dataset.Load(path));
        Assert.Equal(path, ex.File);
        Assert.Equal("file", ex.Location);
        Assert.Equal($"{path}: file: the file does not exist", ex.Message);
        Assert.IsAssignableFrom<IOException>(ex.InnerException);
    }

    [Fact]
    public void Load_rejects_other_extensions()
    {
        Assert.Equal("data.xlsx: file: unknown data file type \".xlsx\": expected .json or .csv",
            Assert.Throws<DataFileException>(() => Dataset.Load("data.xlsx")).Message);
        Assert.Equal("data: file: the file has no extension: expected .json or .csv",
            Assert.Throws<DataFileException>(() => Dataset.Load("data")).Message);
    }

    [Fact]
    public void A_directory_is_not_a_readable_file()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"finq-{Guid.NewGuid():N}.csv");
        Directory.CreateDirectory(dir);
        try
        {
            var ex = Assert.Throws<DataFileException>(() => Dataset.Load(dir));
            Assert.Equal("file", ex.Location);
            Assert.StartsWith("cannot read the file: ", ex.Reason);
        }
        finally
        {
            Directory.Delete(dir);
        }
    }

    [Fact]
    public void Null_arguments_are_programming_errors()
    {
        Assert.Throws<ArgumentNullException>(() => Dataset.Load(null!));
        Assert.Throws<ArgumentNullException>(() => Dataset.ParseJson(null!));
        Assert.Throws<ArgumentNullException>(() => Dataset.ParseCsv("", null!));
        Assert.Throws<ArgumentNullException>(() => Dataset.LoadCsv((Stream)null!));
    }

    [Fact]
    public void An_unreadable_stream_is_a_data_file_error()
    {
        var stream = new MemoryStream();
        stream.Dispose();
        var ex = Assert.Throws<DataFileException>(() => Dataset.LoadCsv(stream, "upload"));
        Assert.Equal("upload", ex.File);
        Assert.Equal("file", ex.Location);
    }
}

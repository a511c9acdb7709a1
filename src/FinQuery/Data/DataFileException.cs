namespace FinQuery;

/// <summary>
/// Raised when a data file cannot be loaded: it is missing or unreadable, malformed, or holds a value
/// that does not fit the data model. Loading is all-or-nothing, so no partial dataset is ever returned.
/// The message names the file, the place in it and what is wrong:
/// <c>meta.json: $.entities[0].series[2].values["2023Q5"]: "2023Q5" is not a period: …</c> or
/// <c>meta.csv: line 7, column "value": "1,5" is not a number: …</c>.
/// </summary>
public sealed class DataFileException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="file">The file path or source name the data came from.</param>
    /// <param name="location">
    /// Where in the file: a JSON path such as <c>$.entities[0].id</c>, a position such as
    /// <c>line 3, column 14</c>, a CSV cell such as <c>line 7, column "period"</c>, or <c>file</c>
    /// when the file itself cannot be read.
    /// </param>
    /// <param name="message">What is wrong, in plain language, without the file and location.</param>
    public DataFileException(string file, string location, string message)
        : this(file, location, message, null)
    {
    }

    internal DataFileException(string file, string location, string message, Exception? innerException)
        : base($"{file}: {location}: {message}", innerException)
    {
        File = file;
        Location = location;
        Reason = message;
    }

    /// <summary>The file path or source name the data came from, as given to the loader.</summary>
    public string File { get; }

    /// <summary>
    /// Where in the file the problem is: a JSON path (<c>$.entities[0].series[2].values["2023Q5"]</c>),
    /// a text position (<c>line 3, column 14</c>), a CSV cell (<c>line 7, column "period"</c>) or <c>file</c>.
    /// </summary>
    public string Location { get; }

    /// <summary>What is wrong, without the file and location (the end of <see cref="Exception.Message"/>).</summary>
    public string Reason { get; }
}

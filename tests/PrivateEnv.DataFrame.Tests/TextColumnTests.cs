using PrivateEnv.DataFrame.Internal;

namespace PrivateEnv.DataFrame.Tests;

/// <summary>
/// Text columns are codes into a vocabulary of keyed hashes: the operations keep pandas-like meaning, and the work a
/// lookup does (entries compared, table sizes) is the same whether the looked-up string is present or not.
/// </summary>
public class TextColumnTests
{
    private readonly RecordingCharger charger = new();

    [Fact]
    public void Matches_fills_replacements_joins_and_concat_keep_their_meaning()
    {
        var df = TestData.Small(charger);   // note: hello, world, "with, comma", missing, x, y
        var note = df["note"];
        Assert.Equal(1, note.Eq("hello").Sum(TestData.Exact), 3);
        Assert.Equal(0, note.Eq("nowhere").Sum(TestData.Exact), 3);
        Assert.Equal(4, note.Ne("hello").Sum(TestData.Exact), 3);            // missing is neither equal nor unequal
        Assert.Equal(2, note.IsIn("x", "y", "x", "absent").Sum(TestData.Exact), 3);
        Assert.Equal(2, note.FillNa("hello").Eq("hello").Sum(TestData.Exact), 3);
        Assert.Equal(0, note.FillNa("hello").IsNa().Sum(TestData.Exact), 3);
        var replaced = note.Where(df["x"] > 2, "big");                        // rows with x ≤ 2 or missing x → "big"
        Assert.Equal(3, replaced.Eq("big").Sum(TestData.Exact), 3);
        Assert.Equal(0, replaced.Eq("hello").Sum(TestData.Exact), 3);

        var table = PublicTable.Empty.WithColumn("note", new[] { "world", "x", "absent" }).WithColumn("score", new[] { 10.0, 20.0, 30.0 });
        var joined = df.Join(table, "note");
        Assert.Equal(30, joined["score"].FillNa(0).Sum(TestData.Exact), 3);
        Assert.Equal(2, joined["score"].Count(TestData.Exact), 3);

        var other = df.Assign("note", note.FillNa("world"));                   // another vocabulary (one more segment)
        var stacked = PrivateDataFrame.Concat(df, other);
        Assert.Equal(1 + 2, stacked["note"].Eq("world").Sum(TestData.Exact), 3);
        Assert.Equal(2, stacked["note"].Eq("hello").Sum(TestData.Exact), 3);
        Assert.Equal(40 + 30, stacked.Join(table, "note")["score"].FillNa(0).Sum(TestData.Exact), 3);
    }

    [Fact]
    public void Categories_turn_into_text_and_numbers_do_not()
    {
        var df = TestData.Small(charger);
        var group = df["group"].AsType(ColumnKind.Text);
        Assert.Equal(2, group.Eq("a").Sum(TestData.Exact), 3);
        Assert.Equal(1, group.Eq("c").Sum(TestData.Exact), 3);
        var error = Assert.Throws<InvalidOperationException>(() => df["x"].AsType(ColumnKind.Text));
        Assert.Contains("compare them with Eq/Gt/IsIn or join on them", error.Message);
    }

    /// <summary>
    /// The vocabulary's lookup answers one slot per segment whether or not the string is there, and its table is
    /// padded to a size fixed by the public slot count: 3 distinct strings and 900 give the same sorted-table size.
    /// </summary>
    [Fact]
    public void A_lookup_does_the_same_work_for_present_and_absent_strings()
    {
        var few = TextVocabulary.Encode(["a", "b", "c", null], 1000);
        var many = TextVocabulary.Encode(Enumerable.Range(0, 900).Select(i => (string?)$"s{i}").ToList(), 1000);
        Assert.Equal(PaddedLength(few.Vocabulary), PaddedLength(many.Vocabulary));
        Assert.Equal(1024, PaddedLength(few.Vocabulary));
        var (extended, code) = few.Vocabulary.With("b");                     // added even though present: presence is private
        Assert.Equal(2, extended.Segments);
        Assert.Equal(3, code);
        var present = extended.CodeInEachSegment("b");
        var absent = extended.CodeInEachSegment("zz");
        Assert.Equal(present.Length, absent.Length);
        Assert.Equal([1, 3], present);
        Assert.Equal([-2, -3], absent);
        Assert.Equal([0, 1, 2, -1], few.Codes[..4]);
        Assert.All(few.Codes[4..], c => Assert.Equal(-1, c));
    }

    private static int PaddedLength(TextVocabulary vocabulary)
    {
        var segments = (Array)typeof(TextVocabulary).GetField("segments", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(vocabulary)!;
        var high = (ulong[])segments.GetValue(0)!.GetType().GetProperty("High")!.GetValue(segments.GetValue(0))!;
        return high.Length;
    }
}

namespace PrivateEnv.Privacy.Accounting;

/// <summary>Composes privacy events and answers (ε, δ) questions about the composition.</summary>
public interface IPrivacyAccountant
{
    /// <summary>Adds an event to the composition; throws <see cref="NotSupportedException"/> for events it cannot account.</summary>
    void Compose(PrivacyEvent privacyEvent);

    /// <summary>The smallest ε this accountant can certify for the given δ.</summary>
    double GetEpsilon(double delta);

    /// <summary>The smallest δ this accountant can certify for the given ε.</summary>
    double GetDelta(double epsilon);
}

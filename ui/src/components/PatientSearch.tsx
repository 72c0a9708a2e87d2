import { useEffect, useState } from "react";
import { Badge, Group, Loader, Text } from "@mantine/core";
import { useDebouncedValue } from "@mantine/hooks";
import { Spotlight } from "@mantine/spotlight";
import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { useNavigate } from "react-router-dom";
import { searchPatients, toCommandError } from "../api";
import type { PatientSummary } from "../bindings/PatientSummary";
import { fullName } from "../lib/format";
import { patientSpotlightStore, selectFirstSpotlightResult } from "../lib/patientSpotlight";
import { queryKeys } from "../lib/queryKeys";

export const SEARCH_DEBOUNCE_MS = 120;
export const SEARCH_LIMIT = 20;
const NO_RESULTS: PatientSummary[] = [];

function resultDescription(p: PatientSummary): string {
  return [`MRN ${p.mrn}`, `DOB ${p.dateOfBirth}`, p.phone].filter(Boolean).join(" · ");
}

/**
 * Global patient search. Results come ranked from Rust (prefix, typo and phone-digit
 * matches), so Spotlight is used in composition mode, which applies no filter of its own.
 */
export function PatientSearch() {
  const navigate = useNavigate();
  const [query, setQuery] = useState("");
  const [debounced] = useDebouncedValue(query.trim(), SEARCH_DEBOUNCE_MS);
  const enabled = debounced.length > 0 && query.trim().length > 0;

  const search = useQuery({
    queryKey: queryKeys.patientSearch(debounced),
    queryFn: () => searchPatients(debounced, SEARCH_LIMIT),
    enabled,
    placeholderData: keepPreviousData,
    staleTime: 5_000,
  });
  const results = enabled ? (search.data ?? NO_RESULTS) : NO_RESULTS;

  useEffect(() => {
    selectFirstSpotlightResult();
  }, [results]);

  const pending = query.trim() !== debounced || search.isFetching;

  return (
    <Spotlight.Root
      store={patientSpotlightStore}
      query={query}
      onQueryChange={setQuery}
      shortcut={["mod + K"]}
      tagsToIgnore={[]}
      scrollable
      maxHeight={480}
    >
      <Spotlight.Search
        placeholder="Search patients: name, MRN, date of birth, phone…"
        aria-label="Search patients"
        data-testid="spotlight-search"
        rightSection={pending && query.trim() ? <Loader size="xs" /> : null}
      />
      <Spotlight.ActionsList aria-label="Search results">
        {results.map((p) => (
          <Spotlight.Action
            key={p.id}
            data-testid="search-result"
            onClick={() => navigate(`/patients/${p.id}`)}
          >
            <Group justify="space-between" wrap="nowrap" w="100%">
              <div>
                <Text fw={500}>
                  {fullName(p)}
                  {p.preferredName ? (
                    <Text span c="dimmed" fw={400}>
                      {` “${p.preferredName}”`}
                    </Text>
                  ) : null}
                </Text>
                <Text size="xs" c="dimmed">
                  {resultDescription(p)}
                </Text>
              </div>
              {p.archived && (
                <Badge color="gray" variant="light">
                  Archived
                </Badge>
              )}
            </Group>
          </Spotlight.Action>
        ))}
        {!query.trim() && <Spotlight.Empty>Type a name, MRN, date of birth or phone number.</Spotlight.Empty>}
        {enabled && search.isError && (
          <Spotlight.Empty>
            <Text c="red" size="sm">
              Search failed: {toCommandError(search.error).message}
            </Text>
          </Spotlight.Empty>
        )}
        {enabled && !pending && !search.isError && results.length === 0 && (
          <Spotlight.Empty>No patients found.</Spotlight.Empty>
        )}
      </Spotlight.ActionsList>
    </Spotlight.Root>
  );
}
